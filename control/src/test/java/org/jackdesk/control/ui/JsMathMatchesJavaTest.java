package org.jackdesk.control.ui;

import static org.jackdesk.control.ui.BrowserTestSupport.assumeChromium;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jackdesk.config.Taper;
import org.jackdesk.engine.dsp.Rbj;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tablet draws fader positions and EQ curves with js/taper.js and js/eqmath.js; the engine
 * applies Taper.java and Rbj.java. This runs the JS modules in real Chromium and compares every
 * number with the Java result, so the curve on the screen is the curve the engine applies.
 */
class JsMathMatchesJavaTest {
    private static HttpServer http;
    private static Chromium chromium;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        assumeChromium();
        // Only the static files are needed here, so a plain JDK server serves the web UI's classpath resources.
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/")) path = "/blank.html";
            byte[] body;
            if (path.equals("/blank.html")) {
                body = "<!doctype html><title>math</title>".getBytes();
            } else {
                try (InputStream in = JsMathMatchesJavaTest.class.getClassLoader().getResourceAsStream("webroot" + path)) {
                    body = in == null ? null : in.readAllBytes();
                }
            }
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                ex.getResponseHeaders().set("Content-Type", path.endsWith(".js") ? "text/javascript" : "text/html");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        http.start();
        base = "http://127.0.0.1:" + http.getAddress().getPort();
        chromium = new Chromium(800, 600);
        chromium.driver.get(base + "/");
    }

    @AfterAll
    static void stop() {
        if (chromium != null) chromium.close();
        if (http != null) http.stop(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Double> js(String body) {
        Object r = chromium.driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "Promise.all([import('/js/taper.js'), import('/js/eqmath.js')]).then(([t, e]) => {"
                        + "  try { done(" + body + "); } catch (err) { done('error: ' + err); } },"
                        + "  (err) => done('error: ' + err));");
        if (!(r instanceof List)) throw new AssertionError("script failed: " + r);
        List<Double> out = new ArrayList<>();
        for (Object o : (List<Object>) r) out.add(((Number) o).doubleValue());
        return out;
    }

    @Test
    void faderLawMatchesTaperJavaBothWays() {
        double[] db = {-120, -90, -75, -60, -45, -30, -20, -10, -5, -0.5, 0, 2.5, 10, 12};
        double[] pos = {-0.1, 0, 0.03, 0.0625, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 1, 1.2};
        List<Double> p = js(array(db) + ".map(t.faderPosition)");
        List<Double> d = js(array(pos) + ".map(t.faderDb)");
        for (int i = 0; i < db.length; i++) assertEquals(Taper.faderPosition(db[i]), p.get(i), 1e-12, "position of " + db[i] + " dB");
        for (int i = 0; i < pos.length; i++) assertEquals(Taper.faderDb(pos[i]), d.get(i), 1e-12, "dB at position " + pos[i]);
    }

    @Test
    void logAndLinearTapersMatchTaperJava() {
        double[] hz = {20, 55, 100, 1000, 7000, 20000};
        double[] pos = {0, 0.2, 0.5, 0.77, 1};
        List<Double> logPos = js(array(hz) + ".map(v => t.toNormalized('log', v, 20, 20000))");
        List<Double> logVal = js(array(pos) + ".map(p => t.fromNormalized('log', p, 20, 20000))");
        List<Double> linPos = js("[-24, -3, 0, 7, 24].map(v => t.toNormalized('linear', v, -24, 24))");
        for (int i = 0; i < hz.length; i++) assertEquals(Taper.LOG.toNormalized(hz[i], 20, 20000), logPos.get(i), 1e-12);
        for (int i = 0; i < pos.length; i++) assertEquals(Taper.LOG.fromNormalized(pos[i], 20, 20000), logVal.get(i), 1e-9);
        double[] lin = {-24, -3, 0, 7, 24};
        for (int i = 0; i < lin.length; i++) assertEquals(Taper.LINEAR.toNormalized(lin[i], -24, 24), linPos.get(i), 1e-12);
    }

    @Test
    void cookbookCoefficientsAndMagnitudesMatchRbjJava() {
        double fs = 48000;
        double[] f0s = {40, 1000, 12000};
        double[] gains = {-12, 0, 6.5};
        double[] qs = {0.3, 0.707, 4};
        double[] probe = {20, 100, 1000, 5000, 19000};
        StringBuilder script = new StringBuilder("[].concat(");
        List<Double> expected = new ArrayList<>();
        double[] c = new double[5];
        for (double f0 : f0s) {
            for (double g : gains) {
                for (double q : qs) {
                    for (String kind : new String[] {"peaking", "lowShelf", "highShelf"}) {
                        switch (kind) {
                            case "peaking" -> Rbj.peaking(fs, f0, g, q, c);
                            case "lowShelf" -> Rbj.lowShelf(fs, f0, g, q, c);
                            default -> Rbj.highShelf(fs, f0, g, q, c);
                        }
                        addCase(script, expected, "e." + kind + "(" + fs + "," + f0 + "," + g + "," + q + ")", c, fs, probe);
                    }
                }
            }
            for (double q : qs) {
                Rbj.highPass(fs, f0, q, c);
                addCase(script, expected, "e.highPass(" + fs + "," + f0 + "," + q + ")", c, fs, probe);
                Rbj.lowPass(fs, f0, q, c);
                addCase(script, expected, "e.lowPass(" + fs + "," + f0 + "," + q + ")", c, fs, probe);
            }
        }
        script.setLength(script.length() - 1);
        script.append(")");
        List<Double> actual = js(script.toString());
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), 1e-9 * Math.max(1, Math.abs(expected.get(i))), "value " + i);
        }
    }

    private static void addCase(StringBuilder script, List<Double> expected, String call, double[] c, double fs, double[] probe) {
        script.append("((c) => c.concat(").append(array(probe)).append(".map(f => e.magnitudeDb(c, ").append(fs)
                .append(", f))))(").append(call).append("),");
        for (double v : c) expected.add(v);
        for (double f : probe) expected.add(Rbj.magnitudeDb(c, fs, f));
    }

    private static String array(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) b.append(i == 0 ? "" : ",").append(v[i]);
        return b.append("]").toString();
    }

}
