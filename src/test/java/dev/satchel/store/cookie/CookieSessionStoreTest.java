package dev.satchel.store.cookie;

import static dev.satchel.store.SessionStoreContract.attrs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.satchel.session.SaveMode;
import dev.satchel.session.SessionData;
import dev.satchel.session.SessionIds;
import dev.satchel.session.SessionStore;
import dev.satchel.session.SessionTooLargeException;
import dev.satchel.session.StoreUnavailableException;
import dev.satchel.store.SessionStoreContract;
import dev.satchel.store.jdbc.JdbcOptions;
import dev.satchel.store.jdbc.JdbcRevocations;
import dev.satchel.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The store contract against the cookie store, and what only it does. The contract speaks of ids; here
 * {@link BrowserHeldCookies} plays the browser, keeping the last cookie value written for each id, so
 * "stored" means: a cookie is held for the id and the id is not revoked.
 */
class CookieSessionStoreTest implements SessionStoreContract {
  static final String SECRET = "cookie-store-test-secret-0123456789-abcdef";
  private static final String NO_SERVER_COPY = "cookie store keeps no server copy: ";

  @TempDir Path dataDir;

  final MutableClock clock = MutableClock.startingNow();
  JdbcOptions database;
  CookieSessionStore cookieStore;
  BrowserHeldCookies browser;

  /** Overridden by the encrypted variant. */
  boolean encrypt() {
    return false;
  }

  CookieStoreOptions options() {
    return new CookieStoreOptions(encrypt(), SECRET, List.of(), CookieStoreOptions.maxValueLengthFor("sessionid", "/",
        Optional.empty()), 0);
  }

  @BeforeEach
  void openStore() {
    database = JdbcOptions.h2File(dataDir, false);
    cookieStore = new CookieSessionStore(clock, JdbcRevocations.open(database, clock), options());
    browser = new BrowserHeldCookies(cookieStore);
  }

  @AfterEach
  void closeStore() {
    cookieStore.close();
  }

  @Override
  public SessionStore store() {
    return browser;
  }

  @Override
  public MutableClock clock() {
    return clock;
  }

  @Override
  public boolean storedBehindTheBack(String id) {
    return browser.cookies.containsKey(id) && !revokedRows().contains(id);
  }

  @Override
  public void corruptBehindTheBack(String id) {
    // Well-formed compression around JSON the store cannot read, as an older format would be.
    byte[] payload = CookiePayload.deflate("{\"user\": \"ann\", oops".getBytes(StandardCharsets.UTF_8));
    if (encrypt()) {
      payload = new CookieCipher(SECRET, List.of()).encrypt(payload);
    }
    browser.cookies.put(id, cookieStore.cookieValue(loaded(id)).substring(0, 3)
        + Base64.getUrlEncoder().withoutPadding().encodeToString(payload));
  }

  // ---- contract cases that cannot apply, each with its reason ----

  @Override
  @Test
  @Disabled(NO_SERVER_COPY + "each request's cookie carries its whole session, so parallel writers of "
      + "different attributes do not merge: the cookie written last wins whole (docs/stores.md)")
  public void updateWritesOnlyChangedAttributes_parallelWritersBothSurvive() {}

  @Override
  @Test
  @Disabled(NO_SERVER_COPY + "a save writes the whole session into the cookie, so a parallel request's "
      + "change (even an atomic one) is not merged in: the cookie written last wins whole (docs/stores.md)")
  public void atomicUpdateBetweenLoadAndSaveSurvivesTheSave() {}

  @Override
  @Test
  @Disabled(NO_SERVER_COPY + "the cookie holds the whole session, so a stale copy saved again wins whole "
      + "(docs/stores.md)")
  public void secondSaveFromTheSameCopyStillMergesOnlyItsChanges() {}

  @Override
  @Test
  @Disabled(NO_SERVER_COPY + "parallel writers of different attributes do not merge; the last cookie wins")
  public void concurrentRequestsWritingDifferentAttributesAllSurvive() {}

  @Override
  @Test
  @Disabled(NO_SERVER_COPY + "no atomic update is possible; updateAttribute returns empty and the filter "
      + "updates the request's own copy (see updateAttributeLeavesTheUpdateToTheRequestsCopy)")
  public void atomicUpdateFromManyThreadsLosesNoIncrement() {}

  @Override
  @Test
  @Disabled(NO_SERVER_COPY + "updateAttribute returns empty; there is no stored session to hand back")
  public void atomicUpdateReturnsTheStoredSessionAndRefreshesLastAccess() {}

  @Override
  @Test
  @Disabled(NO_SERVER_COPY + "updateAttribute returns empty; removal happens in the request's copy")
  public void atomicUpdateToNullRemovesTheAttribute() {}

  @Override
  @Test
  @Disabled(NO_SERVER_COPY + "updateAttribute never runs fn; the request's copy refuses a non-JSON value at "
      + "setAttribute")
  public void atomicUpdateRefusesANonJsonResultAndKeepsTheOldValue() {}

  @Override
  @Test
  @Disabled(NO_SERVER_COPY + "sessions live in browsers and cannot be listed; deleteByUser revokes them by "
      + "user instead (see deleteByUserEndsSessionsLastUsedBeforeButNotAfter)")
  public void sessionsOfOneUserAreFoundAndEndedTogether() {}

  @Override
  @Test
  @Disabled(NO_SERVER_COPY + "sessions live in browsers and cannot be listed, so there is no user index to move")
  public void rotationMovesTheUserIndexToTheNewId() {}

  @Override
  @Test
  @Disabled(NO_SERVER_COPY + "an unreadable cookie is in the browser, not here; the next write replaces it")
  public void unreadableRecordIsDeletedSoItIsLoggedOnce() {}

  @Override
  @Test
  @Disabled(NO_SERVER_COPY + "there is no index of sessions by user to keep in step")
  public void loginByAttributeUpdateAndLogoutByRemovalKeepTheUserIndexInStep() {}

  @Override
  @Test
  @Disabled(NO_SERVER_COPY + "the cookie is written from the caller's whole session, so an UPDATE cannot keep "
      + "attributes the caller left out (the filter always passes the whole session)")
  public void metadataOnlyUpdateKeepsAttributes() {}

  @Override
  @Test
  @Disabled(NO_SERVER_COPY + "expired sessions sit in browsers; deleteExpired purges revocation rows instead "
      + "(see revocationIsKeptWhileACookieCouldBeLiveThenPurged)")
  public void deleteExpiredRemovesOnlyExpiredAndCountsThem() {}

  @Override
  @Test
  @Disabled("a cookie holds 4096 bytes and this store inflates at most 64 KB of JSON; see "
      + "sessionOverTheCookieLimitFailsNamingItsLargestAttributes")
  public void largeAttributeValueRoundTrips() {}

  // ---- what only the cookie store does ----

  @Test
  void cookieValueIsVersionedAndCookieSafe() {
    String value = cookieStore.cookieValue(newSession(attrs("name", "John", "note", "a; b=c \"d\" é")));

    assertTrue(value.startsWith(encrypt() ? "e2." : "c2."), value);
    assertTrue(value.substring(3).matches("[A-Za-z0-9_-]+"), value);
    assertTrue(cookieStore.acceptsCookieValue(value));
  }

  /**
   * Deflating costs several microseconds a request and saves a few dozen characters on a small session, so
   * the store deflates only from {@value CookieSessionStore#DEFLATE_FROM_BYTES} bytes of JSON; both formats
   * load.
   */
  @Test
  void smallSessionGoesAsItsJsonALargeOneDeflated() {
    SessionData small = newSession(attrs("name", "John", "visits", 3));
    SessionData large = newSession(attrs("name", "John", "notes", "Lorem ipsum dolor sit amet. ".repeat(40)));

    String smallValue = cookieStore.cookieValue(small);
    String largeValue = cookieStore.cookieValue(large);

    assertTrue(smallValue.startsWith(encrypt() ? "e2." : "c2."), smallValue);
    assertTrue(largeValue.startsWith(encrypt() ? "e1." : "c1."), largeValue);
    assertTrue(largeValue.length() < 600, "1.1 KB of repetitive JSON deflates: " + largeValue.length());
    assertEquals(small.attributes(), cookieStore.load(smallValue).orElseThrow().attributes());
    assertEquals(large.attributes(), cookieStore.load(largeValue).orElseThrow().attributes());
    if (!encrypt()) {
      assertTrue(holderView(smallValue).contains("\"name\":\"John\""), holderView(smallValue));
    }
  }

  @Test
  void deflatesFromExactly512BytesOfJson() {
    assertTrue(cookieStore.cookieValue(sessionWithJsonOf(511)).startsWith(encrypt() ? "e2." : "c2."));
    assertTrue(cookieStore.cookieValue(sessionWithJsonOf(512)).startsWith(encrypt() ? "e1." : "c1."));
  }

  /** With a cookie budget smaller than the JSON's base64, a small session is deflated rather than refused. */
  @Test
  void smallSessionOverATightBudgetIsDeflatedToFit() {
    CookieStoreOptions tight = new CookieStoreOptions(encrypt(), SECRET, List.of(), 300, 0);
    SessionData data = sessionWithJsonOf(450); // base64 of 450 bytes is 600 characters; the padding deflates
    try (CookieSessionStore store = new CookieSessionStore(clock, JdbcRevocations.open(database, clock), tight)) {
      String value = store.cookieValue(data);

      assertTrue(value.startsWith(encrypt() ? "e1." : "c1."), value);
      assertTrue(value.length() <= 300, value);
      assertEquals(data.attributes(), store.load(value).orElseThrow().attributes());
    }
  }

  /** A signed payload of undeflated JSON over the 64 KB the store reads is refused like an inflating one. */
  @Test
  void undeflatedPayloadOver64KbIsRefused() {
    byte[] json = CookiePayload.text(sessionWithJsonOf(CookiePayload.MAX_INFLATED_BYTES + 1))
        .getBytes(StandardCharsets.UTF_8);

    assertEquals(Optional.empty(), CookiePayload.parse(json));
    assertTrue(CookiePayload.parse(CookiePayload.text(sessionWithJsonOf(600)).getBytes(StandardCharsets.UTF_8))
        .isPresent(), "the same shape under the limit parses");
  }

  /** A new session whose cookie JSON is exactly {@code bytes} long. */
  private SessionData sessionWithJsonOf(int bytes) {
    SessionData empty = newSession(attrs("pad", ""));
    int fixed = CookiePayload.text(empty).getBytes(StandardCharsets.UTF_8).length;
    SessionData data = empty.withAttributes(attrs("pad", "x".repeat(bytes - fixed)));
    assertEquals(bytes, CookiePayload.text(data).getBytes(StandardCharsets.UTF_8).length);
    return data;
  }

  /** Cookies written before small sessions went undeflated (always {@code c1.}/{@code e1.}) still load. */
  @Test
  void smallSessionDeflatedByAnEarlierVersionStillLoads() {
    SessionData data = newSession(attrs("name", "John", "visits", 3));
    byte[] payload = CookiePayload.deflate(CookiePayload.objectHeaderText(data).getBytes(StandardCharsets.UTF_8));
    if (encrypt()) {
      payload = new CookieCipher(SECRET, List.of()).encrypt(payload);
    }
    String earlier = (encrypt() ? "e1." : "c1.") + Base64.getUrlEncoder().withoutPadding().encodeToString(payload);

    assertTrue(cookieStore.acceptsCookieValue(earlier));
    assertEquals(data.attributes(), cookieStore.load(earlier).orElseThrow().attributes());
  }

  /** The same bytes under the other format's prefix are refused, not misread. */
  @Test
  void payloadUnderTheOtherFormatsPrefixIsRefused() {
    String json = cookieStore.cookieValue(newSession(attrs("name", "John")));
    String deflated = cookieStore.cookieValue(newSession(attrs("notes", "Lorem ipsum dolor sit amet. ".repeat(40))));

    assertEquals(Optional.empty(), cookieStore.load((encrypt() ? "e1." : "c1.") + json.substring(3)));
    assertEquals(Optional.empty(), cookieStore.load((encrypt() ? "e2." : "c2.") + deflated.substring(3)));
  }

  /**
   * The metadata went from a JSON object to a line of five numbers and the id (session 9 of issue 6): a
   * typical small session's cookie value is 100 characters shorter, and a cookie written before still loads
   * with every field as it was.
   */
  @Test
  void cookieWrittenWithTheObjectHeaderStillLoadsAndTheLineHeaderIsShorter() {
    SessionData data = newSession(attrs("visits", 42));
    byte[] earlierText = CookiePayload.objectHeaderText(data).getBytes(StandardCharsets.UTF_8);
    if (encrypt()) {
      earlierText = new CookieCipher(SECRET, List.of()).encrypt(earlierText);
    }
    String earlier = (encrypt() ? "e2." : "c2.") + Base64.getUrlEncoder().withoutPadding().encodeToString(earlierText);

    String now = cookieStore.cookieValue(data);

    assertEquals(data, cookieStore.load(earlier).orElseThrow());
    assertEquals(data, cookieStore.load(now).orElseThrow());
    assertTrue(now.length() <= earlier.length() - 90, now.length() + " vs " + earlier.length());
    if (!encrypt()) {
      assertTrue(holderView(now).contains(data.id() + " " + data.createdAt() + " "), holderView(now));
    }
  }

  /** Every metadata value survives the line, including no idle limit, no deadline and far-off times. */
  @Test
  void lineHeaderCarriesEveryMetadataValueExactly() {
    Map<String, Object> attributes = attrs("cart", List.of(attrs("sku", "A 1\n{x}")), "n", 1);
    List<SessionData> cases = List.of(
        new SessionData(SessionIds.next(), attributes, 1_000L, 1_000L, -1, 0),
        new SessionData(SessionIds.next(), attributes, 1_795_773_566_238L, 1_795_773_566_239L, 1_209_600,
            1_798_365_566_238L),
        new SessionData(SessionIds.next(), attributes, 5_000L, 4_000L, 0, 5_000L), // deadline == created
        new SessionData(SessionIds.next(), Map.of(), Long.MAX_VALUE / 2, Long.MAX_VALUE / 2 + 7, Integer.MAX_VALUE,
            Long.MAX_VALUE),
        new SessionData("x", attributes, 1L, 2L, 3, -4L));
    for (SessionData data : cases) {
      String text = CookiePayload.text(data);

      assertFalse(text.startsWith("{"), text);
      assertEquals(Optional.of(data), CookiePayload.parse(text.getBytes(StandardCharsets.UTF_8)), text);
    }
  }

  /** An id the line could not carry (a space, a newline) still round-trips, in the object form. */
  @Test
  void idTheLineCannotCarryGoesInTheObjectHeader() {
    for (String id : List.of("a b", "a\nb", "{x}", "")) {
      SessionData data = new SessionData(id, attrs("n", 1), 10L, 20L, 30, 0);
      String text = CookiePayload.text(data);

      assertTrue(text.startsWith("{"), text);
      assertEquals(Optional.of(data), CookiePayload.parse(text.getBytes(StandardCharsets.UTF_8)), text);
    }
  }

  /** Past the signature only our own text arrives; still, any malformed line reads as no session, not a 500. */
  @Test
  void malformedLineHeaderIsNoSession() {
    String id = SessionIds.next();
    for (String header : List.of(id + " 1 2 3", id + " 1 2 3 4 5", id + " 1 2 3 x", id + "  1 2 3 4",
        id + " 1 2 3 4 ", id + " 1.5 2 3 4", id + " 1 2 99999999999 4", id + " 9223372036854775807 1 3 -",
        "a\tb 1 2 3 4", "", " 1 2 3 4")) {
      byte[] text = (header + "\n{\"n\":1}").getBytes(StandardCharsets.UTF_8);

      assertEquals(Optional.empty(), CookiePayload.parse(text), header);
    }
  }

  /** What anyone holding a cookie value can read: the value, and its JSON when it is not encrypted. */
  static String holderView(String value) {
    byte[] bytes = Base64.getUrlDecoder().decode(value.substring(3));
    String payload = value.charAt(1) == '2'
        ? new String(bytes, StandardCharsets.UTF_8)
        : CookiePayload.inflate(bytes).orElse("");
    return value + payload;
  }

  @Test
  void acceptsOnlyItsOwnShape() {
    String value = cookieStore.cookieValue(newSession(attrs("name", "John")));

    assertFalse(cookieStore.acceptsCookieValue(SessionIds.next()), "a server store's id");
    assertFalse(cookieStore.acceptsCookieValue((encrypt() ? "c2." : "e2.") + value.substring(3)), "other mode");
    assertFalse(cookieStore.acceptsCookieValue((encrypt() ? "c1." : "e1.") + value.substring(3)), "other mode");
    assertFalse(cookieStore.acceptsCookieValue("c0." + value.substring(3)), "unknown version");
    assertFalse(cookieStore.acceptsCookieValue("c3." + value.substring(3)), "unknown version");
    assertFalse(cookieStore.acceptsCookieValue(value + "="), "padding");
    assertFalse(cookieStore.acceptsCookieValue(value.substring(0, 3)), "prefix alone");
    assertEquals(Optional.empty(), cookieStore.load(value.substring(0, value.length() - 5)), "truncated");
  }

  @Test
  void payloadThatWouldInflatePast64KbIsRefused() {
    String json = "{\"id\":\"" + SessionIds.next() + "\",\"created\":1,\"lastAccess\":" + clock.millis()
        + ",\"maxInactive\":-1,\"absoluteDeadline\":0}\n{\"bomb\":\"" + "0".repeat(1_000_000) + "\"}";
    // Packed as an attacker would, at zlib's best level.
    byte[] payload = CookiePayload.deflateSmallest(json.getBytes(StandardCharsets.UTF_8));
    if (encrypt()) {
      payload = new CookieCipher(SECRET, List.of()).encrypt(payload);
    }
    String value = (encrypt() ? "e1." : "c1.") + Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
    assertTrue(value.length() < 4096, "a megabyte squeezes into a cookie: " + value.length());

    assertEquals(Optional.empty(), cookieStore.load(value));
  }

  /**
   * The store deflates at zlib's fastest level, which packs a large session less tightly; a session that fits
   * only at the best level must still get its cookie, as it did when the store always used the best level.
   */
  @Test
  void sessionThatFitsOnlyAtTheBestLevelStillGetsItsCookie() {
    int limit = options().maxValueLength();
    SessionData fitsOnlyTightlyPacked = null;
    for (int items = 10; items < 2000 && fitsOnlyTightlyPacked == null; items += 5) {
      List<Object> cart = new java.util.ArrayList<>();
      for (int i = 0; i < items; i++) {
        cart.add(attrs("sku", "SKU-" + (100_000 + i * 7919 % 100_000), "qty", i % 4 + 1, "note", "gift " + i % 13));
      }
      SessionData data = newSession(attrs("cart", cart, "name", "John"));
      byte[] json = CookiePayload.text(data).getBytes(StandardCharsets.UTF_8);
      // The value: a 3-character prefix and the base64url of the payload, which encryption grows by its
      // 12-byte nonce and 16-byte tag.
      int sealing = encrypt() ? 12 + 16 : 0;
      int fast = 3 + base64Length(CookiePayload.deflate(json).length + sealing);
      int best = 3 + base64Length(CookiePayload.deflateSmallest(json).length + sealing);
      if (fast > limit && best <= limit - 4) {
        fitsOnlyTightlyPacked = data;
      }
    }
    assertNotNull(fitsOnlyTightlyPacked, "a session between the two levels' limits exists");

    String value = cookieStore.cookieValue(fitsOnlyTightlyPacked);

    assertTrue(value.length() <= limit, value.length() + " <= " + limit);
    assertEquals(fitsOnlyTightlyPacked.attributes(), cookieStore.load(value).orElseThrow().attributes());
  }

  private static int base64Length(int bytes) {
    return (bytes * 4 + 2) / 3;
  }

  @Test
  void sessionOverTheCookieLimitFailsNamingItsLargestAttributes() {
    ListAppender<ILoggingEvent> logged = capture();
    byte[] noise = new byte[3000];
    new SecureRandom().nextBytes(noise); // incompressible
    SessionData data = newSession(attrs("avatar", Base64.getEncoder().encodeToString(noise),
        "history", "h".repeat(50), "name", "John", "tiny", 1));

    SessionTooLargeException e = assertThrows(SessionTooLargeException.class, () -> cookieStore.cookieValue(data));

    assertTrue(e.size() > e.limit(), e.getMessage());
    assertTrue(e.getMessage().matches(".*would be \\d+ bytes, over the \\d+ that fit.*"), e.getMessage());
    assertTrue(e.getMessage().contains("avatar (40"), e.getMessage());
    assertTrue(e.getMessage().contains("history (6"), e.getMessage());
    assertTrue(e.getMessage().contains("name ("), e.getMessage());
    assertFalse(e.getMessage().contains("tiny"), "only the three largest: " + e.getMessage());
    assertFalse(e.getMessage().contains("John"), "never a value: " + e.getMessage());
    List<ILoggingEvent> errors = logged.list.stream().filter(ev -> ev.getLevel() == Level.ERROR).toList();
    assertEquals(1, errors.size());
    assertEquals(e.getMessage(), errors.get(0).getFormattedMessage());
  }

  @Test
  void jsonOverWhatLoadInflatesFailsAtWriteNotAtRead() {
    SessionData data = newSession(attrs("zeros", "0".repeat(70_000)));

    SessionTooLargeException e = assertThrows(SessionTooLargeException.class, () -> cookieStore.cookieValue(data));
    assertTrue(e.getMessage().contains("zeros (70"), e.getMessage());
  }

  @Test
  void updateAttributeLeavesTheUpdateToTheRequestsCopy() {
    SessionData data = created(attrs("visits", 1));
    assertEquals(Optional.empty(), store().updateAttribute(data.id(), "visits", v -> 2, clock.millis()));
    assertEquals(attrs("visits", 1), loaded(data.id()).attributes());
  }

  @Test
  void revocationIsKeptWhileACookieCouldBeLiveThenPurged() {
    SessionData data = created(attrs("user", "ann"));
    loaded(data.id()); // as the logout request does: load, then delete
    store().delete(data.id());
    store().delete(SessionIds.next()); // never loaded here: with no absolute timeout, kept for good

    // A request that loaded the session before the logout may still write a cookie with a fresh idle period.
    clock.advance(Duration.ofSeconds(IDLE_SECONDS).plusMillis(CookieSessionStore.IN_FLIGHT_SLACK_MILLIS - 1));
    assertEquals(0, store().deleteExpired(clock.millis()));
    assertEquals(2, revokedRows().size());

    clock.advance(Duration.ofMillis(1));
    assertEquals(1, store().deleteExpired(clock.millis()));
    assertEquals(List.of(), revokedRows().stream().filter(data.id()::equals).toList());
  }

  @Test
  void deleteByUserEndsSessionsLastUsedBeforeButNotAfter() {
    SessionData laptop = created(attrs(SessionStore.USER_ATTRIBUTE, "ann", "device", "laptop"));
    SessionData bob = created(attrs(SessionStore.USER_ATTRIBUTE, "bob"));
    clock.advance(Duration.ofSeconds(1));

    store().deleteByUser("ann");
    // The request that signed ann out everywhere else writes its own session after (rotating its id).
    clock.advance(Duration.ofMillis(1));
    SessionData here = created(attrs(SessionStore.USER_ATTRIBUTE, "ann", "device", "phone"));

    assertEquals(Optional.empty(), store().load(laptop.id()));
    assertTrue(store().load(here.id()).isPresent());
    assertTrue(store().load(bob.id()).isPresent());
  }

  @Test
  void revocationIsSeenByEveryStoreOnTheDatabase() {
    SessionData data = created(attrs("user", "ann"));
    String cookie = browser.cookies.get(data.id());
    try (CookieSessionStore otherNode =
        new CookieSessionStore(clock, JdbcRevocations.open(database, clock), options())) {
      assertEquals(attrs("user", "ann"), otherNode.load(cookie).orElseThrow().attributes());

      store().delete(data.id());

      assertEquals(Optional.empty(), otherNode.load(cookie));
    }
  }

  @Test
  void unreachableRevocationListFailsClosedAsAnOutage() throws Exception {
    org.h2.tools.Server server = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    JdbcOptions remote = new JdbcOptions(
        "jdbc:h2:tcp://localhost:" + server.getPort() + "/mem:revoked-outage;DB_CLOSE_DELAY=-1", "sa", "", false);
    try (CookieSessionStore remoteStore = new CookieSessionStore(clock, JdbcRevocations.open(remote, clock), options())) {
      String cookie = remoteStore.cookieValue(newSession(attrs("user", "ann")));
      assertTrue(remoteStore.load(cookie).isPresent());

      server.stop();

      StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> remoteStore.load(cookie));
      assertEquals("jdbc", e.store());
      assertThrows(StoreUnavailableException.class, remoteStore::ping);
    } finally {
      server.stop();
    }
  }

  // ---- helpers ----

  static ListAppender<ILoggingEvent> capture() {
    Logger logger = (Logger) LoggerFactory.getLogger(CookieSessionStore.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    return appender;
  }

  private List<String> revokedRows() {
    try (var c = java.sql.DriverManager.getConnection(database.url(), database.user(), database.password());
        var s = c.prepareStatement("SELECT id FROM satchel_revoked"); var r = s.executeQuery()) {
      List<String> ids = new java.util.ArrayList<>();
      while (r.next()) {
        ids.add(r.getString(1));
      }
      return ids;
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  /** The browser of the contract: keeps the last cookie value written for each id and sends it back. */
  static final class BrowserHeldCookies implements SessionStore {
    final Map<String, String> cookies = new ConcurrentHashMap<>();
    private final CookieSessionStore store;

    BrowserHeldCookies(CookieSessionStore store) {
      this.store = store;
    }

    @Override
    public Optional<SessionData> load(String id) {
      // An id with no cookie goes to the store as it is: a server store's id, which it must refuse.
      return store.load(cookies.getOrDefault(id, id));
    }

    @Override
    public void save(SessionData data, SaveMode mode, Set<String> changedAttributes) {
      store.save(data, mode, changedAttributes);
      cookies.put(data.id(), store.cookieValue(data)); // what the filter sets after every write
    }

    @Override
    public Optional<SessionData> updateAttribute(String id, String name,
        java.util.function.UnaryOperator<Object> fn, long nowMillis) {
      return store.updateAttribute(id, name, fn, nowMillis);
    }

    @Override
    public List<SessionData> findByUser(String user) {
      return store.findByUser(user);
    }

    @Override
    public long deleteByUser(String user) {
      return store.deleteByUser(user);
    }

    @Override
    public void delete(String id) {
      store.delete(id);
    }

    @Override
    public long deleteExpired(long nowMillis) {
      return store.deleteExpired(nowMillis);
    }

    @Override
    public void ping() {
      store.ping();
    }

    @Override
    public String name() {
      return store.name();
    }
  }
}
