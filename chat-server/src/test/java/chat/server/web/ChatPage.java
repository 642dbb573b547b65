package chat.server.web;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/** The web client as a person uses it: what they type and click, and what they can see. All waits are explicit. */
final class ChatPage {
    static final Duration WAIT = Duration.ofSeconds(10);

    final Browser browser;
    private final WebDriverWait wait;

    ChatPage(Browser browser) {
        this.browser = browser;
        // The page re-renders lists wholesale, so an element found a moment ago may be gone: look again.
        this.wait = new WebDriverWait(browser.driver, WAIT, Duration.ofMillis(50));
        this.wait.ignoring(StaleElementReferenceException.class, java.util.NoSuchElementException.class);
    }

    ChatPage open(String url) {
        browser.driver.get(url);
        return this;
    }

    /** Fills the name prompt and waits until the server has welcomed us. */
    ChatPage joinAs(String name) {
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("name")));
        input.clear();
        input.sendKeys(name, Keys.ENTER);
        awaitOnline();
        return this;
    }

    void awaitOnline() {
        until("online", ExpectedConditions.attributeToBe(By.id("conn"), "data-state", "online"));
    }

    void send(String text) {
        WebElement box = browser.driver.findElement(By.id("text"));
        box.sendKeys(text, Keys.ENTER);
    }

    /** Types without sending (fires `typing`). */
    void type(String text) {
        browser.driver.findElement(By.id("text")).sendKeys(text);
    }

    /** How many messages with exactly this text the active conversation shows. */
    int count(String text) {
        return ((Number) js("return [...document.querySelectorAll('#log .msg .text')]"
                + ".filter(e => e.textContent === arguments[0]).length", text)).intValue();
    }

    /** Waits until a message with exactly this text is shown (confirmed, not pending). */
    void awaitMessage(String text) {
        until("message '" + text + "'", d -> (Boolean) js("return [...document.querySelectorAll('#log .msg:not(.pending):not(.failed) .text')]"
                + ".some(e => e.textContent === arguments[0])", text));
    }

    void awaitMember(String name) {
        until("member " + name, d -> members().contains(name));
    }

    // Read in one script, not element by element: the page re-renders lists as events arrive, and an element
    // found a moment earlier may be gone (a stale element reference) by the time its text is asked for.

    @SuppressWarnings("unchecked")
    List<String> members() {
        return (List<String>) js("return [...document.querySelectorAll('#members li > :first-child')].map(e => e.innerText)");
    }

    String typingLine() {
        return (String) js("return document.getElementById('typing').innerText");
    }

    String title() {
        return (String) js("return document.getElementById('conv-title').innerText");
    }

    /** Types a room name into "Join or create a room". */
    void joinRoom(String room) {
        WebElement input = browser.driver.findElement(By.id("room-name"));
        input.sendKeys(room, Keys.ENTER);
        until("room #" + room + " open", d -> title().equals("#" + room));
    }

    /** Clicks a conversation (room "#dev" or a person) in the sidebar. */
    void openConversation(String label) {
        until("click " + label, d -> {
            sidebarButton(label).click();
            return true;
        });
    }

    WebElement sidebarButton(String label) {
        return wait.until(d -> d.findElements(By.cssSelector("#sidebar button.conv")).stream()
                .filter(b -> b.findElement(By.className("conv-name")).getText().equals(label)).findFirst().orElse(null));
    }

    /** The unread badge next to a conversation, or 0. */
    int unread(String label) {
        return until("badge of " + label, d -> {
            List<WebElement> badges = sidebarButton(label).findElements(By.className("badge"));
            return badges.isEmpty() ? 0 : Integer.parseInt(badges.get(0).getText());
        });
    }

    void clickMember(String name) {
        until("click member " + name, d -> {
            d.findElements(By.cssSelector("#members button")).stream()
                    .filter(b -> b.getText().equals(name)).findFirst().orElseThrow().click();
            return true;
        });
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser.driver).executeScript(script, args);
    }

    <T> T until(String what, Function<org.openqa.selenium.WebDriver, T> condition) {
        return wait.withMessage(what).until(condition);
    }
}
