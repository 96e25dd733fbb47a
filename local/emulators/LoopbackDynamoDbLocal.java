import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.Arrays;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts DynamoDB Local bound to one host (127.0.0.1 by default) instead of every interface.
 *
 * DynamoDB Local has no host option and refuses `-port 0`, so this launcher builds the server
 * through its own command-line API, rebinds the Jetty connectors before starting them, and prints
 * the port the OS actually gave it. It exits when stdin reaches EOF, which happens when the parent
 * process dies for any reason (including SIGKILL), so no orphaned JVM keeps a port open.
 *
 * Usage: java -cp "DynamoDBLocal.jar:DynamoDBLocal_lib/*" LoopbackDynamoDbLocal.java HOST PORT [DynamoDB Local args...]
 * Prints one line `FEEDLINE_DYNAMODB_LOCAL_LISTENING <host> <port>` on stdout once it accepts connections.
 */
public final class LoopbackDynamoDbLocal {
    private static final String READY_MARKER = "FEEDLINE_DYNAMODB_LOCAL_LISTENING";
    /** Placeholder given to DynamoDB Local's parser, which rejects 0; the connector is rebound anyway. */
    private static final String PLACEHOLDER_PORT = "8000";

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LoopbackDynamoDbLocal HOST PORT [DynamoDB Local args...]");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String[] localArgs = withPlaceholderPort(Arrays.copyOfRange(args, 2, args.length));

        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(localArgs);
        Server jetty = jettyServerOf(proxy);
        ServerConnector connector = rebindConnectors(jetty, host, port);

        exitWhenStdinCloses(proxy);
        // safeStart skips the telemetry call that start() makes and lets bind errors propagate.
        proxy.safeStart();
        System.out.println(READY_MARKER + " " + host + " " + connector.getLocalPort());
        System.out.flush();
        proxy.join();
    }

    private static String[] withPlaceholderPort(String[] args) {
        String[] result = Arrays.copyOf(args, args.length + 2);
        result[args.length] = "-port";
        result[args.length + 1] = PLACEHOLDER_PORT;
        return result;
    }

    private static Server jettyServerOf(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        return (Server) field.get(proxy);
    }

    private static ServerConnector rebindConnectors(Server jetty, String host, int port) {
        ServerConnector first = null;
        for (Connector connector : jetty.getConnectors()) {
            if (!(connector instanceof ServerConnector network)) {
                throw new IllegalStateException("unexpected Jetty connector type: " + connector.getClass().getName());
            }
            network.setHost(host);
            network.setPort(port);
            if (first == null) first = network;
        }
        if (first == null) throw new IllegalStateException("DynamoDB Local created no Jetty connector");
        return first;
    }

    private static void exitWhenStdinCloses(DynamoDBProxyServer proxy) {
        Thread watcher = new Thread(() -> {
            drain(System.in);
            try {
                proxy.stop();
            } catch (Exception error) {
                System.err.println("DynamoDB Local stop failed: " + error);
            }
            System.exit(0);
        }, "stdin-eof-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void drain(InputStream input) {
        byte[] buffer = new byte[256];
        try {
            while (input.read(buffer) != -1) {
                // Content is irrelevant: only EOF matters.
            }
        } catch (IOException error) {
            // A broken stdin means the parent is gone, exactly like EOF.
        }
    }
}
