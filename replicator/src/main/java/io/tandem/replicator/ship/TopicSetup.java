package io.tandem.replicator.ship;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The region's changes topic: created with ONE partition when missing (so a source transaction's
 * events stay in order and can be applied atomically); an existing topic with more partitions is
 * refused.
 */
public final class TopicSetup {
    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);
    private static final long TIMEOUT_SECONDS = 30;

    private TopicSetup() {}

    public static void ensure(Admin admin, String topic) throws InterruptedException {
        try {
            TopicDescription description = describe(admin, topic);
            if (description == null) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
                                    .configs(Map.of("cleanup.policy", "delete"))))
                            .all()
                            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    log.info("created topic {} with 1 partition", topic);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                description = describe(admin, topic);
            }
            if (description != null && description.partitions().size() != 1) {
                throw new ShipException(
                        "topic " + topic + " has " + description.partitions().size()
                                + " partitions but Tandem needs exactly 1 (transaction order); recreate it with 1",
                        false,
                        null);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new ShipException(
                    "cannot check or create topic " + topic + ": " + (e.getCause() != null ? e.getCause() : e),
                    true,
                    e);
        }
    }

    private static TopicDescription describe(Admin admin, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }
}
