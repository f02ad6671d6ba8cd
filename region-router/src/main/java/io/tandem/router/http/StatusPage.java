package io.tandem.router.http;

import io.tandem.controller.membership.RegionMember;
import io.tandem.controller.ownership.Ownership;
import io.tandem.router.route.RoutingMap;
import java.util.Map;
import java.util.TreeMap;

/** The router's HTML status page: map version and staleness, ownership per group, regions and health. */
final class StatusPage {

    private StatusPage() {}

    static String render(RoutingMap map) {
        StringBuilder h = new StringBuilder(2048);
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Tandem router</title></head><body>")
                .append("<h1>Tandem router</h1><p>routing map v")
                .append(map.version())
                .append(
                        map.stale()
                                ? " &mdash; <strong>STALE</strong>: ZooKeeper unreachable, answering from the last known map"
                                : " &mdash; current")
                .append("</p><h2>Ownership</h2><table border=\"1\"><tr><th>group</th><th>owner</th><th>epoch</th>"
                        + "<th>state</th></tr>");
        for (Map.Entry<String, Ownership> e : new TreeMap<>(map.groups()).entrySet()) {
            Ownership o = e.getValue();
            h.append("<tr><td>")
                    .append(esc(o.group()))
                    .append("</td><td>")
                    .append(esc(o.owner()))
                    .append("</td><td>")
                    .append(o.epoch())
                    .append("</td><td>")
                    .append(o.state())
                    .append("</td></tr>");
        }
        h.append("</table><h2>Regions</h2><table border=\"1\"><tr><th>region</th><th>health</th><th>endpoints</th>"
                + "<th>self-fenced</th></tr>");
        for (Map.Entry<String, RegionMember> e : new TreeMap<>(map.regions()).entrySet()) {
            RegionMember m = e.getValue();
            h.append("<tr><td>")
                    .append(esc(m.region()))
                    .append("</td><td>")
                    .append(m.health())
                    .append("</td><td>")
                    .append(esc(String.join(", ", m.endpoints())))
                    .append("</td><td>")
                    .append(m.selfFenced())
                    .append("</td></tr>");
        }
        return h.append("</table></body></html>").toString();
    }

    private static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
