package chat.server.web;

import chat.server.ServerConfig;
import chat.server.testing.TestClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The web client in a real (headless) Chromium against an in-process server: chat, presence, typing, rooms, DMs, history, safety. */
class WebClientTest extends BrowserTestSupport {

    @Test
    void twoPeopleChatBothWaysSeeEachOtherAndTyping() throws Exception {
        start(ServerConfig.builder().store("none"));
        ChatPage alice = page(0).joinAs("Alice");
        ChatPage bob = page(1).joinAs("Bob");
        alice.awaitMember("Bob");
        bob.awaitMember("Alice");

        alice.send("hi Bob");
        bob.awaitMessage("hi Bob");
        alice.awaitMessage("hi Bob"); // acked: no longer pending
        bob.send("hello Alice");
        alice.awaitMessage("hello Alice");
        assertEquals(1, alice.count("hi Bob"));
        assertEquals(1, bob.count("hi Bob"));

        bob.type("line one");
        bob.browser.driver.findElement(By.id("text")).sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.SHIFT, org.openqa.selenium.Keys.ENTER));
        bob.send("line two"); // Shift+Enter made a new line; Enter sent both lines as one message
        alice.awaitMessage("line one\nline two");

        bob.type("typing something");
        alice.until("typing indicator", d -> alice.typingLine().equals("Bob is typing…"));
        alice.until("typing indicator fades", d -> alice.typingLine().isEmpty());

        bob.browser.driver.get("about:blank"); // leaving shows as a live presence change
        alice.until("Bob leaves", d -> !alice.members().contains("Bob"));
    }

    @Test
    void roomSwitchUnreadBadgesAndDirectMessages() throws Exception {
        start(ServerConfig.builder().store("none"));
        ChatPage alice = page(0).joinAs("Alice");
        ChatPage bob = page(1).joinAs("Bob");
        alice.awaitMember("Bob");

        alice.joinRoom("dev");
        bob.joinRoom("dev");
        alice.awaitMember("Bob");
        alice.send("in dev");
        bob.awaitMessage("in dev");

        bob.openConversation("#lobby");
        bob.until("lobby open", d -> bob.title().equals("#lobby"));
        alice.send("second in dev");
        bob.until("unread badge on #dev", d -> bob.unread("#dev") == 1);
        assertEquals(0, bob.count("second in dev"), "not shown in #lobby");
        bob.openConversation("#dev");
        bob.awaitMessage("second in dev");
        assertEquals(0, bob.unread("#dev"));

        alice.clickMember("Bob");
        alice.until("DM open", d -> alice.title().equals("Bob"));
        alice.send("just between us");
        alice.awaitMessage("just between us");
        bob.until("DM unread badge", d -> bob.unread("Alice") == 1);
        bob.openConversation("Alice");
        bob.awaitMessage("just between us");
        bob.send("ok");
        alice.awaitMessage("ok");
        assertEquals(0, bob.count("in dev"), "a DM does not show room messages");
    }

    @Test
    void scrollingToTheTopLoadsOlderPagesAndKeepsThePlace() throws Exception {
        start(ServerConfig.builder().store("none"));
        TestClient seeder = join("seeder");
        for (int i = 1; i <= 120; i++) {
            seeder.send("type", "message", "text", "seed " + i, "id", "s" + i);
            seeder.next("ack");
        }
        ChatPage reader = page(0).joinAs("Reader");
        reader.awaitMessage("seed 120");
        assertEquals(0, reader.count("seed 1"), "only the recent page at first");
        reader.until("at the bottom", d -> (Boolean) reader.js(
                "const s = document.getElementById('log-scroller'); return s.scrollHeight - s.scrollTop - s.clientHeight < 5"));

        reader.js("document.getElementById('log-scroller').scrollTop = 0");
        reader.awaitMessage("seed 50");
        // The message that was at the top stays in view rather than jumping to the newly loaded ones.
        assertTrue(((Number) reader.js("return document.getElementById('log-scroller').scrollTop")).intValue() > 200);
        reader.js("document.getElementById('log-scroller').scrollTop = 0");
        reader.awaitMessage("seed 1");

        // A reader up in the history is not yanked down by a new message: a pill offers the way back.
        reader.js("document.getElementById('log-scroller').scrollTop = 300");
        seeder.send("type", "message", "text", "brand new", "id", "s121");
        seeder.next("ack");
        reader.awaitMessage("brand new");
        reader.until("new-messages pill", d -> d.findElement(By.id("new-pill")).isDisplayed());
        assertEquals(300, ((Number) reader.js("return document.getElementById('log-scroller').scrollTop")).intValue());
        reader.browser.driver.findElement(By.id("new-pill")).click();
        reader.until("at the bottom again", d -> (Boolean) reader.js(
                "const s = document.getElementById('log-scroller'); return s.scrollHeight - s.scrollTop - s.clientHeight < 5"));
        assertFalse(reader.browser.driver.findElement(By.id("new-pill")).isDisplayed());
        reader.until("start of the room", d -> reader.browser.driver.findElement(By.id("history-state")).getText()
                .equals("This is the beginning of #lobby."));
        for (int i : new int[]{1, 20, 70, 71, 120}) {
            assertEquals(1, reader.count("seed " + i), "seed " + i + " exactly once");
        }
        assertEquals(121, ((Number) reader.js("return document.querySelectorAll('#log .msg').length")).intValue());
    }

    @Test
    void markupInMessagesIsShownAsTextAndOnlyHttpLinksAreClickable() throws Exception {
        start(ServerConfig.builder().store("none"));
        ChatPage reader = page(0).joinAs("Reader");
        TestClient mallory = join("mallory");
        String img = "<img src=x onerror=alert(1)>";
        mallory.send("type", "message", "text", img);
        mallory.send("type", "message", "text", "see https://example.com/a?b=1, or javascript:alert(1)");
        reader.awaitMessage(img);
        reader.awaitMessage("see https://example.com/a?b=1, or javascript:alert(1)");
        assertTrue(reader.browser.driver.findElements(By.cssSelector("#log img")).isEmpty(), "no img element");
        List<WebElement> links = reader.browser.driver.findElements(By.cssSelector("#log a"));
        assertEquals(1, links.size());
        WebElement link = links.get(0);
        assertEquals("https://example.com/a?b=1", link.getDomAttribute("href"));
        assertEquals("noopener noreferrer", link.getDomAttribute("rel"));
        assertEquals("_blank", link.getDomAttribute("target"));
        assertNull(reader.js("return window.__pwned"));
        assertFalse((Boolean) reader.js("return document.querySelector('#log').innerHTML.includes('<img')"));
    }

    @Test
    void serverErrorsAreShownInPlainWordsWithRetry() throws Exception {
        start(ServerConfig.builder().store("none").maxTextLength(20));
        ChatPage alice = page(0).joinAs("Alice");
        alice.send("this message is far too long for this server");
        alice.until("failed state", d -> !d.findElements(By.cssSelector("#log .msg.failed")).isEmpty());
        // Read through waits: the list re-renders as events arrive, so a found element may go stale.
        String state = alice.until("failed state text", d -> d.findElement(By.cssSelector("#log .msg.failed .state")).getText());
        assertTrue(state.startsWith("Not sent: That message is too long to send."), state);
        assertEquals("Retry", alice.until("retry button", d -> d.findElement(By.cssSelector("#log .msg.failed button")).getText()));

        TestClient owner = join("owner");
        owner.send("type", "join", "room", "private-club");
        owner.next("joined");
        alice.browser.driver.findElement(By.id("room-name")).sendKeys("private-club", org.openqa.selenium.Keys.ENTER);
        alice.until("refusal in plain words", d -> d.findElements(By.cssSelector("#toasts .toast")).stream()
                .anyMatch(t -> t.getText().equals("Could not join private-club: You are not allowed to do that here.")));
        assertEquals("#lobby", alice.title());
        Object rooms = alice.js("return [...document.querySelectorAll('#rooms .conv-name')].map(e => e.textContent)");
        assertFalse(((java.util.List<?>) rooms).contains("#private-club"), "a refused room is not listed as joined: " + rooms);
    }

    @Test
    void theSocketUrlFollowsThePageIncludingAProxySubPath() throws Exception {
        start(ServerConfig.builder().store("none"));
        ChatPage page = page(0);
        Object urls = page.browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "import('./js/connection.js').then(m => done(["
                + "m.socketUrl(new URL('https://chat.example.com/team/chat/index.html'), {name: 'Ann Lee', since: 0}),"
                + "m.socketUrl(new URL('http://127.0.0.1:8080/'), {name: 'Al', room: 'lobby', since: undefined}),"
                + "m.retryHint('server shutting down; retry after 1234'),"
                + "[0, 1, 2, 10].map(n => m.backoffDelay(n, () => 1))]))");
        assertEquals(List.of("wss://chat.example.com/team/chat/ws?name=Ann+Lee&since=0",
                "ws://127.0.0.1:8080/ws?name=Al&room=lobby", 1234L, List.of(500L, 1000L, 2000L, 30000L)), urls);
    }

    @Test
    void theStoreKeepsEachRoomMessageOnceAndInSeqOrder() throws Exception {
        start(ServerConfig.builder().store("none"));
        ChatPage page = page(0);
        Object result = page.browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "import('./js/store.js').then(({ Store }) => {"
                + "  const s = new Store(); s.setMe('me');"
                + "  const m = (seq, from = 'x') => ({ seq, ts: seq, from, text: 't' + seq });"
                + "  const added = [s.addRoomMessages('r', [m(3), m(4)]), s.addRoomMessages('r', [m(4), m(5)], { live: true }),"
                + "                 s.addRoomMessages('r', [m(1), m(2), m(3)], { older: true })];"
                + "  const conv = s.room('r');"
                + "  s.addPending(conv, 'p1', 'again'); s.addRoomMessages('r', [m(6, 'me')]);"
                + "  s.acknowledge('p1', { seq: 6, ts: 6 });"   // the replay brought it already: the ack only settles it
                + "  s.addPending(conv, 'p2', 'new'); s.acknowledge('p2', { seq: 7, ts: 7 });"
                + "  done({ added, seqs: conv.messages.map(x => x.seq), pending: conv.pending.length, lastSeq: conv.lastSeq,"
                + "         unread: conv.unread });"
                + "})");
        assertEquals(java.util.Map.of("added", List.of(2L, 1L, 2L), "seqs", List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L),
                "pending", 0L, "lastSeq", 7L, "unread", 1L), result);
    }

    @Test
    void theNameIsRememberedAndTheServersSuffixShown() throws Exception {
        start(ServerConfig.builder().store("none"));
        ChatPage first = page(0).joinAs("Alice");
        first.until("welcome name", d -> d.findElement(By.id("whoami")).getText().equals("Signed in as Alice"));
        ChatPage second = page(1).joinAs("alice"); // names are unique ignoring case: the server adds a suffix
        second.until("suffixed name", d -> d.findElement(By.id("whoami")).getText().equals("Signed in as alice-2"));
        first.awaitMember("alice-2");

        second.browser.driver.navigate().refresh(); // no prompt: the name comes from localStorage
        second.awaitOnline();
        second.until("back in", d -> d.findElement(By.id("whoami")).getText().startsWith("Signed in as alice"));
        assertFalse(second.browser.driver.findElement(By.id("join")).isDisplayed());
    }

    @Test
    void keyboardFocusLandsInTheMessageBoxAndSurvivesLiveUpdates() throws Exception {
        start(ServerConfig.builder().store("none"));
        ChatPage alice = page(0).joinAs("Alice");
        alice.until("message box focused", d -> "text".equals(alice.js("return document.activeElement.id")));
        alice.js("document.querySelector('#rooms button.conv').focus()");
        TestClient bob = join("bob"); // presence and a message re-render the sidebar and the member list
        alice.awaitMember("bob");
        bob.send("type", "message", "text", "hello");
        alice.awaitMessage("hello");
        assertEquals("open:room:lobby", alice.js("return document.activeElement.dataset.focusKey"));
    }

    @Test
    void dayLabelsAndLinksAreFormattedSafely() throws Exception {
        start(ServerConfig.builder().store("none"));
        ChatPage page = page(0);
        Object result = page.browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "import('./js/format.js').then(f => {"
                + "  const now = new Date(2026, 10, 27, 10, 0).getTime();"
                + "  const div = document.createElement('div');"
                + "  f.appendRichText(div, 'see (https://a.example/x?y=1). and javascript:alert(1) <b>bold</b>');"
                + "  done([f.formatDay(now - 3600e3, now), f.formatDay(now - 86400e3, now), f.formatDay(now - 5 * 86400e3, now),"
                + "        f.safeHref('javascript:alert(1)'), f.safeHref('https://a.example/'),"
                + "        [...div.querySelectorAll('a')].map(a => a.getAttribute('href')), div.textContent, div.children.length]);"
                + "})");
        assertEquals(java.util.Arrays.asList("Today", "Yesterday", "Sunday, November 22, 2026", null, "https://a.example/",
                List.of("https://a.example/x?y=1"), "see (https://a.example/x?y=1). and javascript:alert(1) <b>bold</b>", 1L),
                result);
    }
}
