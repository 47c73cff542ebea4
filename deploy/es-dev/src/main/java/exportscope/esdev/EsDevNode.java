package exportscope.esdev;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.MockNode;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.transport.netty4.Netty4Plugin;

/**
 * Starts one Elasticsearch node in this JVM, bound to 127.0.0.1, waits until
 * the cluster is yellow, prints its URL and runs until SIGTERM or SIGINT.
 *
 * <p>Configured by system properties:
 * <ul>
 *   <li>{@code esdev.dir}: the run directory; the node keeps home, data and
 *       logs under it and writes {@code url} there once it is healthy.</li>
 *   <li>{@code esdev.port}: the HTTP port (default 9200).</li>
 *   <li>{@code esdev.transport.port}: the transport port or range (default
 *       9300-9399).</li>
 * </ul>
 */
public final class EsDevNode {

    private EsDevNode() {}

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        Path dir = Path.of(System.getProperty("esdev.dir", "run")).toAbsolutePath();
        int port = Integer.parseInt(System.getProperty("esdev.port", "9200"));
        String transportPort = System.getProperty("esdev.transport.port", "9300-9399");

        Path home = dir.resolve("home");
        Path config = home.resolve("config");
        for (Path p : List.of(config, home.resolve("plugins"), home.resolve("modules"), dir.resolve("data"), dir.resolve("logs"))) {
            Files.createDirectories(p);
        }
        Path urlFile = dir.resolve("url");
        Files.deleteIfExists(urlFile);

        Settings settings = Settings.builder()
            .put("cluster.name", "es-dev")
            .put("node.name", "es-dev")
            .put("path.home", home.toString())
            .put("path.data", dir.resolve("data").toString())
            .put("path.logs", dir.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", port)
            .put("transport.port", transportPort)
            .put("discovery.type", "single-node")
            // A dev machine's disk may be nearly full; do not turn indices read-only.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.destructive_requires_name", false)
            .build();

        try (InputStream in = EsDevNode.class.getResourceAsStream("/log4j2.properties")) {
            Files.copy(in, config.resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
        }
        Environment env = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), config, () -> "es-dev");
        LogConfigurator.setNodeName("es-dev");
        LogConfigurator.setClusterName("es-dev");
        LogConfigurator.configure(env, true);

        Node node = newNode(env, List.of(Netty4Plugin.class, CjkAnalysisPlugin.class, RootPlugin.class));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(urlFile);
                node.close();
                if (!node.awaitClose(30, TimeUnit.SECONDS)) {
                    System.err.println("es-dev: node did not close within 30s");
                }
            } catch (IOException | InterruptedException e) {
                System.err.println("es-dev: closing node: " + e);
            }
            System.err.println("es-dev: stopped");
        }, "es-dev-shutdown"));
        String url = "http://127.0.0.1:" + port;
        try {
            node.start();
            waitForYellow(url, 120);
        } catch (Exception e) {
            // The node's threads would keep the JVM up; exit so that the
            // es script sees the failure at once. The hook closes the node.
            System.err.println("es-dev: start failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        Path tmp = dir.resolve("url.tmp");
        Files.writeString(tmp, url + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, urlFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("es-dev: healthy after %.1fs%n", (System.nanoTime() - started) / 1e9);
        System.out.println(url);
        System.out.flush();

        // The node's threads keep the JVM alive; block here until shutdown.
        Thread.currentThread().join();
    }

    /**
     * Creates a MockNode through its Environment constructor. The public
     * constructors ask ESTestCase for a transport port range, and loading
     * ESTestCase runs the unit-test bootstrap (jar-hell check, test
     * entitlements, a refusal to run as root) that a standalone node does
     * not need.
     */
    private static Node newNode(Environment env, Collection<Class<? extends Plugin>> plugins) throws Exception {
        Constructor<MockNode> ctor = MockNode.class.getDeclaredConstructor(Environment.class, Collection.class, boolean.class, Closeable.class);
        ctor.setAccessible(true);
        Closeable noop = () -> {};
        try {
            return ctor.newInstance(env, plugins, true, noop);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private static void waitForYellow(String url, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url + "/_cluster/health?wait_for_status=yellow&timeout=5s")
                    .toURL()
                    .openConnection();
                c.setConnectTimeout(2000);
                c.setReadTimeout(10000);
                int code = c.getResponseCode();
                try (InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
                    last = code + " " + (in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                if (code == 200) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("cluster not yellow after " + seconds + "s: " + last);
    }
}
