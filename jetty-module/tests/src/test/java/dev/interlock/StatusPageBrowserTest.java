package dev.interlock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.interlock.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The status page in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, at fixed paths: nothing is downloaded), while a small load runs: the
 * charts of an executor group and an application group draw data from the JSON it polls, under
 * the page's own Content-Security-Policy. Leaves a screenshot in
 * {@code target/status-page.png}.
 */
@Tag("browser")
public class StatusPageBrowserTest
{
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOT = Path.of(System.getProperty("basedir", "."), "target", "status-page.png");

    private TestServer server;
    private ChromeDriverService service;
    private WebDriver driver;
    private final AtomicBoolean loading = new AtomicBoolean(true);
    private final AtomicReference<Throwable> loadFailure = new AtomicReference<>();
    private Thread load;

    /** A little work under the application group's lock. */
    public static class Work extends HttpServlet
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            try
            {
                Thread.sleep(5);
            }
            catch (InterruptedException x)
            {
                Thread.currentThread().interrupt();
            }
            resp.getWriter().print("done");
        }
    }

    @AfterEach
    public void tearDown() throws Exception
    {
        Hang.release.countDown();
        Racy.release.countDown();
        loading.set(false);
        if (load != null)
            load.join(TimeUnit.SECONDS.toMillis(70));
        if (driver != null)
            driver.quit();
        if (service != null)
            service.stop();
        if (server != null)
            server.close();
        if (load != null)
            assertTrue(!load.isAlive(), "the load thread did not stop");
    }

    @Test
    public void chartsDrawLiveData() throws Exception
    {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: install Debian's chromium and chromium-driver " +
            "(apt-get install -y chromium chromium-driver; .ci/run does) to run the tests tagged \"browser\"");
        assertTrue(Files.isExecutable(CHROMEDRIVER), CHROMEDRIVER + " is missing: install Debian's chromium-driver " +
            "(apt-get install -y chromium chromium-driver; .ci/run does) to run the tests tagged \"browser\"");

        server = new TestServer();
        server.set("interlock.status.enabled", "true");
        server.set("interlock.executor-groups.g.threads", "4");
        server.set("interlock.executor-groups.g.queue", "64");
        server.set("interlock.webapps.app.executor-group", "g");
        server.set("interlock.webapps.app.lock", "application");
        server.set("interlock.webapps.app.routes", "/report/*=reports");
        server.context("/app", Map.of("/*", new Work()));
        // A request that outlives its request timeout, shown in the page's watchdog table.
        server.set("interlock.webapps.slow.lock", "application");
        server.set("interlock.webapps.slow.request-timeout", "200ms");
        server.context("/slow", Map.of("/*", new Hang()));
        // Concurrency detection: /app under its lock, and a watched servlet of a free webapp with two requests inside.
        server.set("interlock.webapps.app.detect-concurrency", "true");
        server.set("interlock.webapps.racy.detect-concurrency", "true");
        server.set("interlock.detect-concurrency.watch", Racy.class.getName());
        server.context("/racy", Map.of("/*", new Racy()));
        server.start();
        startLoad();
        CompletableFuture<ContentResponse> hung = new CompletableResponseListener(server.request("/slow/hang").timeout(60, TimeUnit.SECONDS)).send();
        List<CompletableFuture<ContentResponse>> racy = List.of(
            new CompletableResponseListener(server.request("/racy/a").timeout(60, TimeUnit.SECONDS)).send(),
            new CompletableResponseListener(server.request("/racy/b").timeout(60, TimeUnit.SECONDS)).send());
        assertTrue(Racy.inside.await(20, TimeUnit.SECONDS), "the two requests did not enter the racy servlet");

        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--window-size=1300,1500", "--force-device-scale-factor=1", "--no-first-run", "--disable-extensions");
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
        driver.get(server.uri("/interlock/status").toString());
        JavascriptExecutor js = (JavascriptExecutor)driver;

        String drawn = """
            const chart = (group, name) => document.querySelector('canvas[data-group="' + group + '"][data-chart="' + name + '"]');
            const points = (c) => c ? Number(c.dataset.points || 0) : 0;
            const max = (c) => c ? Number(c.dataset.max || 0) : 0;
            const utilisation = chart('executor:g', 'utilisation');
            const queue = chart('executor:g', 'queue');
            const acquisitions = chart('application:g:/app', 'acquisitions');
            const lockHold = chart('application:g:/app', 'lockHold');
            return points(utilisation) >= 6 && max(utilisation) > 0 && points(queue) >= 6
                && points(acquisitions) >= 2 && max(acquisitions) > 0 && max(lockHold) > 0
                && chart('executor:server', 'utilisation') !== null;
            """;
        try
        {
            new WebDriverWait(driver, Duration.ofSeconds(40), Duration.ofMillis(250))
                .withMessage(() -> "the charts did not draw data; page state: " + js.executeScript(
                    "return document.getElementById('state').textContent + ' ' + JSON.stringify([...document.querySelectorAll('canvas')]" +
                        ".map(c => [c.dataset.group, c.dataset.chart, c.dataset.points, c.dataset.max]))"))
                .until(d -> Boolean.TRUE.equals(js.executeScript(drawn)));
        }
        finally
        {
            Files.createDirectories(SCREENSHOT.getParent());
            Path shot = ((TakesScreenshot)driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        }
        assertTrue(Files.size(SCREENSHOT) > 0);

        // The charts are real pixels: the utilisation line is drawn in its colour.
        Number blue = (Number)js.executeScript("""
            const c = document.querySelector('canvas[data-group="executor:g"][data-chart="utilisation"]');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 0; i < d.length; i += 4)
              if (d[i + 3] > 200 && d[i + 2] > 180 && d[i] < 90 && d[i + 1] < 140) n++;
            return n;
            """);
        assertTrue(blue.longValue() > 20, "blue pixels in the utilisation chart: " + blue);
        // The page's own style applied (its CSP admits it), no refresh error, every group shown.
        assertEquals("130px", js.executeScript("return getComputedStyle(document.querySelector('canvas')).height"));
        assertEquals("", js.executeScript("return document.getElementById('state').className"));
        String text = (String)js.executeScript("return document.body.innerText");
        for (String expected : List.of("Executor groups", "Application groups", "server", "/app in g", "Lock acquisitions per second", "Queue depth",
            // What each card says in words: the server's pool, which paths a group serves, which lock.
            "waiting in Jetty's pool (its queue, not bounded by Interlock)", "Jetty's acceptors and selectors are not counted",
            "reports in g", "app: /report/*", "app: the paths it routes nowhere else", "its own (application:g:/app)"))
            assertTrue(text.contains(expected), expected + " not in: " + text);

        // Every bucket of a histogram has its label: record what the next redraw writes.
        js.executeScript("""
            window.drawnText = [];
            const fillText = CanvasRenderingContext2D.prototype.fillText;
            CanvasRenderingContext2D.prototype.fillText = function (t, x, y) { window.drawnText.push(String(t)); return fillText.apply(this, arguments); };
            """);
        new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(250)).until(d -> Boolean.TRUE.equals(js.executeScript(
            "return window.drawnText.some(t => t.endsWith(' in sum'))")));
        @SuppressWarnings("unchecked")
        List<String> drawnText = (List<String>)js.executeScript("return window.drawnText");
        for (String label : List.of("0.5x", "1x", "2x", "4x", "8x", "16x", ">16x", "1ms", "5ms", "10ms", "50ms", "100ms", "500ms", "1s", "5s", "10s", "30s", ">30s"))
            assertTrue(drawnText.contains(label), label + " not drawn; drawn: " + drawnText);

        // The request past its timeout is listed, with its webapp and state.
        new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(250))
            .withMessage(() -> "no long request shown: " + js.executeScript("return document.getElementById('long-box').innerText"))
            .until(d -> Boolean.TRUE.equals(js.executeScript(
                "const t = document.getElementById('long-box'); return !t.hidden && t.innerText.includes('GET /slow/hang') && t.innerText.includes('reported')")));
        Hang.release.countDown();
        assertEquals(200, hung.get(30, TimeUnit.SECONDS).getStatus());

        // The concurrency table: the watched servlet entered by both requests in red, /app's servlet under its lock.
        new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(250))
            .withMessage(() -> "no concurrency table: " + js.executeScript("return document.getElementById('concurrency-box').outerHTML"))
            .until(d -> Boolean.TRUE.equals(js.executeScript("""
                const box = document.getElementById('concurrency-box');
                const flagged = [...document.querySelectorAll('#concurrency tr.flagged')].map(r => r.innerText);
                return !box.hidden && flagged.length === 1 && flagged[0].includes(arguments[0]) && flagged[0].includes('yes, entered concurrently')
                    && document.querySelector('#concurrency [data-webapp="/app"]').innerText.includes('(lock application)');
                """, Racy.class.getName())));
        String racyCard = (String)js.executeScript("return document.querySelector('#concurrency [data-webapp=\"/racy\"]').innerText");
        assertTrue(racyCard.contains("/racy (lock free)"), racyCard);
        Racy.release.countDown();
        for (CompletableFuture<ContentResponse> r : racy)
            assertEquals(200, r.get(30, TimeUnit.SECONDS).getStatus());

        loading.set(false);
        load.join(TimeUnit.SECONDS.toMillis(70));
        assertNull(loadFailure.get(), () -> "the load failed: " + loadFailure.get());
    }

    /** Waits, bounded, until the test releases it. */
    public static class Hang extends HttpServlet
    {
        static final CountDownLatch release = new CountDownLatch(1);

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            try
            {
                release.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException x)
            {
                Thread.currentThread().interrupt();
            }
            resp.getWriter().print("released");
        }
    }

    /** Waits, bounded, until the test releases it; the test waits until two requests are inside. */
    public static class Racy extends HttpServlet
    {
        static final CountDownLatch inside = new CountDownLatch(2);
        static final CountDownLatch release = new CountDownLatch(1);

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            inside.countDown();
            try
            {
                release.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException x)
            {
                Thread.currentThread().interrupt();
            }
            resp.getWriter().print("released");
        }
    }

    /** Requests to /app, eight at a time, until the test ends; every response must be 200. */
    private void startLoad()
    {
        load = new Thread(() ->
        {
            try
            {
                while (loading.get())
                {
                    for (ContentResponse r : server.load("GET", "/app/work", 16, 8))
                    {
                        if (r.getStatus() != 200)
                            throw new AssertionError("load got " + r.getStatus() + ": " + r.getContentAsString());
                    }
                }
            }
            catch (Throwable x)
            {
                loadFailure.set(x);
            }
        }, "status-page-load");
        load.start();
    }
}
