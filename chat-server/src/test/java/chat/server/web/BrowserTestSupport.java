package chat.server.web;

import chat.server.testing.ServerTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Browsers for a test class: started on first use and reused by its tests (a Chromium start costs seconds),
 * each test on its own server and port, hence its own origin and empty localStorage. After each test every used
 * tab is sent to about:blank (closing its WebSocket) and must not have logged a script error.
 */
abstract class BrowserTestSupport extends ServerTestSupport {
    private static final List<Browser> browsers = new ArrayList<>();
    private final List<Browser> used = new ArrayList<>();

    @BeforeAll
    static void browserInstalled() {
        Browser.assumeInstalled();
    }

    /** The {@code index}-th browser of this class, sized {@code width}×{@code height}, at the chat page. */
    protected ChatPage page(int index, int width, int height) {
        while (browsers.size() <= index) {
            browsers.add(Browser.launch(width, height));
        }
        Browser b = browsers.get(index);
        b.resize(width, height);
        b.colorScheme("light");
        used.add(b);
        return new ChatPage(b).open(baseUrl());
    }

    protected ChatPage page(int index) {
        return page(index, 1280, 800);
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/";
    }

    @AfterEach
    void leavePages() {
        List<String> errors = new ArrayList<>();
        for (Browser b : used) {
            errors.addAll(b.scriptErrors());
            b.driver.get("about:blank");
        }
        used.clear();
        assertEquals(List.of(), errors, "script errors in the page");
    }

    @AfterAll
    static void closeBrowsers() {
        browsers.forEach(Browser::close);
        browsers.clear();
    }
}
