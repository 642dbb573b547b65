package chat.server.web;

import chat.server.ServerConfig;
import chat.server.testing.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The main views at desktop and phone width, light and dark, the join forms of both auth modes and the stats page.
 * Each check leaves a PNG in target/screenshots (the ones in docs/images come from here).
 */
class WebClientLooksTest extends BrowserTestSupport {

    @Test
    void chatViewsDesktopDarkAndPhone() throws Exception {
        start(ServerConfig.builder().store("none"));
        TestClient dana = join("Dana");
        TestClient erik = join("Erik");
        TestClient other = connect("name=Sam&room=random");
        other.next("joined");
        ChatPage page = page(0, 1280, 800);
        page.until("name prompt", d -> d.findElement(By.id("name")).isDisplayed());
        page.browser.screenshot("join-name");
        page.joinAs("Alice");
        page.awaitMember("Erik");

        dana.send("type", "message", "text", "Morning! The deploy went out at 9, release notes: https://example.com/releases/42");
        dana.next("ack");
        dana.send("type", "message", "text", "Shout if anything looks off.");
        dana.next("ack");
        page.send("Looks good here. Dashboards are green.");
        page.awaitMessage("Looks good here. Dashboards are green.");
        erik.send("type", "message", "text", "One thing: search is slow on the staging box.\nCould be the new index?");
        erik.next("ack");
        page.awaitMessage("Shout if anything looks off.");
        page.send("I'll take a look after lunch.");
        page.awaitMessage("I'll take a look after lunch.");
        page.joinRoom("dev");
        page.openConversation("#lobby");
        dana.send("type", "direct", "to", "Alice", "text", "Coffee later?");
        page.until("DM badge", d -> page.unread("Dana") == 1);
        dana.send("type", "typing");
        page.until("typing shown", d -> page.typingLine().equals("Dana is typing…"));
        page.browser.screenshot("chat-desktop");
        @SuppressWarnings("unchecked")
        java.util.List<String> resources = (java.util.List<String>) page.js(
                "return performance.getEntriesByType('resource').map(e => e.name)");
        assertTrue(resources.size() >= 10, "modules, styles, icon, api: " + resources);
        assertTrue(resources.stream().allMatch(u -> u.startsWith(baseUrl())), "nothing from elsewhere: " + resources);

        page.browser.colorScheme("dark");
        dana.send("type", "typing");
        String background = (String) page.js("return getComputedStyle(document.body).backgroundColor");
        assertEquals("rgb(15, 20, 27)", background, "dark palette applies");
        page.browser.screenshot("chat-dark");
        page.browser.colorScheme("light");

        phone(page);
        page.until("phone layout", d -> d.findElement(By.id("toggle-sidebar")).isDisplayed());
        assertFalse(page.browser.driver.findElement(By.id("sidebar")).isDisplayed(), "rooms are a drawer on a phone");
        page.browser.screenshot("chat-phone");
        page.browser.driver.findElement(By.id("toggle-sidebar")).click();
        page.until("drawer open", d -> d.findElement(By.id("sidebar")).isDisplayed());
        page.browser.screenshot("chat-phone-rooms");
        page.browser.driver.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
        page.until("drawer closed by Escape", d -> !d.findElement(By.id("sidebar")).isDisplayed());
        page.browser.driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    @Test
    void accountsModeShowsLoginAndRegistersThroughTheForm(@TempDir Path data) throws Exception {
        start(ServerConfig.builder().store("sqlite").dataDir(data).auth("accounts"));
        ChatPage page = page(0, 1280, 800);
        page.until("login form", d -> d.findElement(By.id("login-form")).isDisplayed());
        assertFalse(page.browser.driver.findElement(By.id("name-form")).isDisplayed());
        page.browser.screenshot("join-login");

        page.browser.driver.findElement(By.id("login-name")).sendKeys("alice");
        page.browser.driver.findElement(By.id("password")).sendKeys("short");
        page.browser.driver.findElement(By.cssSelector("#login-form button[value=login]")).click();
        // The browser's own validation (minlength) stops this one; a wrong password is the server's to refuse.
        page.browser.driver.findElement(By.id("password")).clear();
        page.browser.driver.findElement(By.id("password")).sendKeys("correct horse"); // no such account yet
        page.browser.driver.findElement(By.cssSelector("#login-form button[value=login]")).click();
        page.until("refused", d -> d.findElement(By.id("join-error")).getText().equals("Wrong name or password."));

        page.browser.driver.findElement(By.cssSelector("#login-form button[value=register]")).click();
        page.awaitOnline();
        page.until("signed in", d -> d.findElement(By.id("whoami")).getText().equals("Signed in as alice"));
        page.send("registered and in");
        page.awaitMessage("registered and in");

        // The session ends (here: its cookie is gone) and the connection drops: the refused upgrade is
        // recognised as such, and the login form comes back instead of endless retries.
        page.browser.driver.manage().deleteCookieNamed("chat_token");
        server.hub().sessions().forEach(io.netty.channel.Channel::close); // not the group's close(): that one stays closed
        page.until("asked to log in again", d -> d.findElement(By.id("login-form")).isDisplayed()
                && d.findElement(By.id("join-error")).getText().equals("Please log in."));

        page.browser.driver.findElement(By.id("password")).sendKeys("correct horse");
        page.browser.driver.findElement(By.cssSelector("#login-form button[value=login]")).click();
        page.awaitOnline();
        page.awaitMessage("registered and in"); // history from the store
        page.browser.driver.findElement(By.id("signout")).click();
        page.until("back at the login form", d -> d.findElement(By.id("login-form")).isDisplayed());
    }

    @Test
    void statsPageShowsLiveNumbers() throws Exception {
        start(ServerConfig.builder().store("none"));
        TestClient a = join("a");
        TestClient b = join("b");
        ChatPage page = page(0, 1280, 800);
        page.browser.driver.get(baseUrl() + "stats.html");
        page.until("first reading", d -> d.findElement(By.id("connections")).getText().equals("2"));
        int sent = 0;
        for (int burst : new int[]{20, 45, 10}) { // a few polls' worth, so the chart has a shape
            for (int i = 0; i < burst; i++) {
                a.send("type", "message", "text", "m" + sent++);
            }
            String total = sent + " messages";
            page.until(total + " counted", d -> d.findElement(By.id("totals")).getText().startsWith(total));
        }
        page.until("a rate", d -> !d.findElement(By.id("rate")).getText().equals("–"));
        assertEquals("1", page.browser.driver.findElement(By.id("rooms")).getText());
        WebElement chart = page.browser.driver.findElement(By.cssSelector("#chart polyline"));
        assertTrue(chart.getDomAttribute("points").contains(","));
        page.browser.screenshot("stats");
        b.close();
        page.until("connection gone", d -> d.findElement(By.id("connections")).getText().equals("1"));
    }

    /** A phone: 390×844 CSS pixels, touch, device pixel ratio 2. */
    private static void phone(ChatPage page) {
        page.browser.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
    }
}
