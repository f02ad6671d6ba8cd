package io.tandem.router.grpc;

import io.tandem.router.grpc.v1.RouteReply;
import io.tandem.router.route.BadRequestException;
import io.tandem.router.route.Consistency;
import io.tandem.router.route.Intent;
import io.tandem.router.route.Route;
import io.tandem.router.route.RouteRequest;
import io.tandem.router.route.Target;
import java.util.List;

/** Converts between the wire messages and the routing values, naming the field on bad input. */
public final class ProtoCodec {

    private static final TargetMessages TARGETS = new TargetMessages();

    private ProtoCodec() {}

    public static RouteRequest request(io.tandem.router.grpc.v1.RouteRequest r) {
        return new RouteRequest(
                r.getKey(),
                r.hasGroup() ? r.getGroup() : null,
                r.hasTable() ? r.getTable() : null,
                intent(r.getIntent()),
                r.getClientRegion(),
                consistency(r.getConsistency()));
    }

    public static Intent intent(io.tandem.router.grpc.v1.Intent i) {
        return switch (i) {
            case READ -> Intent.READ;
            case WRITE -> Intent.WRITE;
            default -> throw new BadRequestException("intent", "expected READ or WRITE, got " + i);
        };
    }

    public static io.tandem.router.grpc.v1.Intent intent(Intent i) {
        return switch (i) {
            case READ -> io.tandem.router.grpc.v1.Intent.READ;
            case WRITE -> io.tandem.router.grpc.v1.Intent.WRITE;
        };
    }

    public static Consistency consistency(io.tandem.router.grpc.v1.Consistency c) {
        return switch (c) {
            case CONSISTENCY_UNSPECIFIED, EVENTUAL -> Consistency.EVENTUAL;
            case READ_YOUR_WRITES -> Consistency.READ_YOUR_WRITES;
            default -> throw new BadRequestException("consistency", "expected EVENTUAL or READ_YOUR_WRITES, got " + c);
        };
    }

    public static io.tandem.router.grpc.v1.Consistency consistency(Consistency c) {
        return switch (c) {
            case EVENTUAL -> io.tandem.router.grpc.v1.Consistency.EVENTUAL;
            case READ_YOUR_WRITES -> io.tandem.router.grpc.v1.Consistency.READ_YOUR_WRITES;
        };
    }

    public static RouteReply reply(Route route) {
        RouteReply.Builder b = RouteReply.newBuilder()
                .setRegion(route.region())
                .addAllEndpoints(route.target().endpoints())
                .setEpoch(route.epoch())
                .setStale(route.stale())
                .setGroup(route.group())
                .setRetryLater(route.retryLater())
                .setReason(route.reason())
                .setShard(route.shard())
                .setShards(route.shards())
                .setMapVersion(route.mapVersion());
        for (Target t : route.alternatives()) {
            b.addAlternatives(TARGETS.of(t));
        }
        return b.build();
    }

    public static Route route(RouteReply r) {
        List<Target> alternatives = r.getAlternativesList().stream()
                .map(t -> new Target(t.getRegion(), t.getEndpointsList()))
                .toList();
        return new Route(
                r.getGroup(),
                new Target(r.getRegion(), r.getEndpointsList()),
                r.getEpoch(),
                r.getStale(),
                r.getRetryLater(),
                r.getReason(),
                alternatives,
                r.getShard(),
                r.getShards(),
                r.getMapVersion());
    }
}
