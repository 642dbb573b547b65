package chat.server.cluster;

import chat.server.store.PgTestSupport;
import chat.server.store.PostgresStore;
import chat.server.testing.RedisTestSupport;
import chat.server.testing.ServerProcess;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Server nodes in child JVMs forming one cluster: a fresh PostgreSQL schema (shared history) and a fresh cluster
 * name on the test Redis (or a given one), so runs never see each other. Closing kills the nodes, drops the schema
 * and deletes the cluster's Redis keys.
 */
final class TestCluster implements AutoCloseable {
    final String name = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    final String schema = PgTestSupport.freshSchemaName();
    final String redisUrl;
    final List<ServerProcess> nodes = new ArrayList<>();

    private TestCluster(String redisUrl) {
        this.redisUrl = redisUrl;
    }

    /** Starts {@code n} nodes on the test Redis (skips, or fails under CI, without PostgreSQL or Redis). */
    static TestCluster start(int n, String... extraArgs) throws Exception {
        RedisTestSupport.requireReachable();
        return start(RedisTestSupport.url(), n, extraArgs);
    }

    static TestCluster start(String redisUrl, int n, String... extraArgs) throws Exception {
        PgTestSupport.requireReachable();
        TestCluster c = new TestCluster(redisUrl);
        try {
            PostgresStore.open(PgTestSupport.url(), c.schema).close(); // create the tables once, before the nodes race
            for (int i = 1; i <= n; i++) {
                c.startNode(extraArgs);
            }
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    String dbUrl() {
        String base = PgTestSupport.url();
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Starts one more node; returns it. */
    ServerProcess startNode(String... extraArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("--db", dbUrl(), "--redis", redisUrl, "--cluster-name", name,
                "--node-id", name + "-n" + (nodes.size() + 1), "--store-max-wait", "0ms", "--rate", "0",
                "--drain-seconds", "0"));
        args.addAll(List.of(extraArgs));
        ServerProcess p = ServerProcess.start(args.toArray(new String[0]));
        nodes.add(p);
        return p;
    }

    int port(int node) {
        return nodes.get(node).port();
    }

    @Override
    public void close() {
        for (ServerProcess p : nodes) {
            try {
                p.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            PgTestSupport.dropSchema(schema);
        } catch (Exception e) {
            System.err.println("could not drop schema " + schema + ": " + e);
        }
        RedisTestSupport.deleteKeys(redisUrl, name);
    }
}
