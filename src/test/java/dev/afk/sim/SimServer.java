package dev.afk.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Base of every simulator: a JDK HTTP server on loopback (port 0 = any free port) that records each request,
 * applies injected {@link SimFault}s, and hands the rest to {@link #handle}. Simulators never listen beyond
 * 127.0.0.1.
 */
public abstract class SimServer implements AutoCloseable {

    /** A reply produced by a simulator. */
    public record Reply(int status, String body, Map<String, String> headers) {

        public static Reply json(int status, String body) {
            return new Reply(status, body, Map.of("Content-Type", "application/json"));
        }

        public static Reply empty(int status) {
            return new Reply(status, "", Map.of());
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, body, h);
        }
    }

    /**
     * One request held before it is handled until the test {@link #release}s it: a server slow in the middle of a
     * tick, for exactly as long as the test says (issue 13: a webhook's kick arriving during a tick). Taken by the
     * first request matching {@code method} (null = any) and {@code pathRegex}; later ones pass.
     */
    public static final class Hold {
        private final String method;
        private final Pattern path;
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private boolean taken; // guarded by the server

        private Hold(String method, String pathRegex) {
            this.method = method;
            this.path = Pattern.compile(pathRegex);
        }

        /** Waits until a matching request is being held; false when none came within {@code timeout}. */
        public boolean awaitHeld(java.time.Duration timeout) throws InterruptedException {
            return reached.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Lets the held request (or the next matching one, when none is held yet) through. */
        public void release() {
            released.countDown();
        }

        private boolean matches(String m, String p) {
            return (method == null || method.equalsIgnoreCase(m)) && path.matcher(p).matches();
        }

        private void block() throws InterruptedException {
            reached.countDown();
            // Bounded, so a test that forgets to release cannot hang the server for ever.
            released.await(30, TimeUnit.SECONDS);
        }
    }

    static {
        // The JDK server leaves Nagle's algorithm on, which adds ~40 ms to every loopback reply (measured in
        // docs/benchmark.md); a simulator must not make AFK look slow. Read once, when the first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final List<SimRequest> requests = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<SimFault> faults = new ArrayList<>();
    private final Map<SimFault, Integer> faultUses = new LinkedHashMap<>();
    private final Map<SimFault, String> faultBodies = new LinkedHashMap<>();
    private final List<Hold> holds = new ArrayList<>();

    protected SimServer(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port, e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, getClass().getSimpleName());
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::serve);
    }

    /** Starts listening; returns this for chaining. */
    public SimServer start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Every request received so far, in order. */
    public List<SimRequest> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    /**
     * Every contract violation seen so far (a request the real server would refuse or AFK should never have
     * sent), oldest first; a test asserts it stays empty when the client behaved.
     */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    public void clearViolations() {
        violations.clear();
    }

    /** Records a contract violation; request threads call this concurrently, hence the thread-safe list. */
    protected void violation(String what) {
        violations.add(what);
    }

    public synchronized void inject(SimFault fault) {
        faults.add(fault);
        faultUses.put(fault, 0);
    }

    /** Like {@link #inject(SimFault)}, for requests whose body also contains {@code bodyContains}. */
    public synchronized void inject(SimFault fault, String bodyContains) {
        inject(fault);
        faultBodies.put(fault, bodyContains);
    }

    /**
     * Holds the next request matching {@code method} (null = any) and {@code pathRegex} until released (every hold
     * is released when the server closes).
     */
    public synchronized Hold hold(String method, String pathRegex) {
        Hold h = new Hold(method, pathRegex);
        holds.add(h);
        return h;
    }

    public synchronized void clearFaults() {
        faults.clear();
        faultUses.clear();
        faultBodies.clear();
    }

    @Override
    public void close() {
        synchronized (this) {
            holds.forEach(Hold::release);
            holds.clear();
        }
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** Handles a request that no fault intercepted. {@code path} excludes the query. */
    protected abstract Reply handle(String method, String path, Map<String, String> query,
            Map<String, String> headers, String body);

    private void serve(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        String rawQuery = ex.getRequestURI().getRawQuery();
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        String body;
        try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Reply reply;
        Hold hold = takeHold(method, path);
        SimFault fault = takeFault(method, path, body);
        try {
            if (hold != null) {
                hold.block();
            }
            if (fault != null && !fault.delay().isZero()) {
                Thread.sleep(fault.delay().toMillis()); // simulates a slow server, not test synchronisation
            }
            if (fault != null && fault.status() > 0) {
                reply = new Reply(fault.status(), fault.body() == null ? "" : fault.body(), fault.headers());
            } else {
                reply = handle(method, decode(path), parseQuery(rawQuery), headers, body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = Reply.empty(503);
        } catch (RuntimeException e) {
            reply = Reply.json(500, "{\"message\":\"simulator error: " + e.getClass().getSimpleName() + "\"}");
        }
        requests.add(new SimRequest(method, decode(path), rawQuery, Map.copyOf(headers), body, reply.status()));
        byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        boolean noBody = bytes.length == 0 || reply.status() == 204 || reply.status() == 304;
        ex.sendResponseHeaders(reply.status(), noBody ? -1 : bytes.length);
        if (!noBody) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    private synchronized Hold takeHold(String method, String path) {
        for (Hold h : holds) {
            if (!h.taken && h.matches(method, path)) {
                h.taken = true;
                return h;
            }
        }
        return null;
    }

    private synchronized SimFault takeFault(String method, String path, String body) {
        for (Iterator<SimFault> it = faults.iterator(); it.hasNext(); ) {
            SimFault f = it.next();
            String needle = faultBodies.get(f);
            if (f.matches(method, path) && (needle == null || body.contains(needle))) {
                int used = faultUses.merge(f, 1, Integer::sum);
                if (f.times() >= 0 && used >= f.times()) {
                    it.remove();
                    faultUses.remove(f);
                    faultBodies.remove(f);
                }
                return f;
            }
        }
        return null;
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            q.put(java.net.URLDecoder.decode(k, StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return q;
    }
}
