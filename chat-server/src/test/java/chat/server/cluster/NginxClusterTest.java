package chat.server.cluster;

import chat.server.testing.RedisTestSupport;
import chat.server.testing.TestClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static chat.server.cluster.ClusterClients.presence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end through a real nginx (Debian's, started here on a spare port with a generated config — the one
 * docs/deployment.md shows) in front of two nodes: the upgrade passes, connections spread over both nodes, and
 * a message crosses from one node to the other.
 */
class NginxClusterTest {
    private static final Path NGINX = Path.of("/usr/sbin/nginx");

    static String config(Path dir, int listen, int... upstreams) {
        StringBuilder servers = new StringBuilder();
        for (int p : upstreams) {
            servers.append("    server 127.0.0.1:").append(p).append(";\n");
        }
        return """
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 256; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                  upstream chat {
                %2$s  }
                  server {
                    listen 127.0.0.1:%3$d;
                    location / {
                      proxy_pass http://chat;
                      proxy_http_version 1.1;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection $connection_upgrade;
                      proxy_set_header Host $http_host;
                      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                      proxy_set_header X-Forwarded-Proto $scheme;
                      proxy_read_timeout 75s;
                    }
                  }
                }
                """.formatted(dir, servers, listen);
    }

    @Test
    void twoNodesBehindNginxBehaveAsOneChat() throws Exception {
        if (!Files.isExecutable(NGINX)) {
            RedisTestSupport.notRun("nginx is not installed (apt-get install nginx-light)");
        }
        Path dir = Files.createTempDirectory("chat-nginx");
        try (TestCluster cluster = TestCluster.start(2)) {
            int port = RedisTestSupport.freePort();
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, config(dir, port, cluster.port(0), cluster.port(1)));
            Process nginx = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
                    "-c", conf.toString(), "-g", "daemon off;").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
            try {
                assertTrue(ClusterClients.await(Duration.ofSeconds(10), () -> ClusterClients.status(port, "/readyz") == 200),
                        "nginx answers /readyz from a node");
                try (TestClient a = TestClient.connect(port, "name=na&room=ng");
                     TestClient b = TestClient.connect(port, "name=nb&room=ng")) {
                    ClusterClients.joined(a, "ng");
                    ClusterClients.joined(b, "ng");
                    // Round robin put one connection on each node.
                    assertTrue(ClusterClients.body(cluster.port(0), "/healthz").contains("\"connections\":1"));
                    assertTrue(ClusterClients.body(cluster.port(1), "/healthz").contains("\"connections\":1"));
                    presence(a, "ng", "nb", true);
                    a.send("type", "message", "room", "ng", "text", "through nginx", "id", "n1");
                    JsonNode got = b.next("message");
                    assertEquals("through nginx", got.path("text").asText());
                    assertEquals("na", got.path("from").asText());
                    assertEquals(got.path("seq").asLong(), a.next("ack").path("seq").asLong());
                }
            } finally {
                nginx.destroy(); // SIGTERM by PID
                if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                    nginx.destroyForcibly();
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
