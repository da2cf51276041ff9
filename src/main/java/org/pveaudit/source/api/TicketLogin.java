package org.pveaudit.source.api;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.pveaudit.source.ApiMapping;
import org.pveaudit.source.SourceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The ticket of a user-and-password login ({@code POST /access/ticket}): obtained on first use,
 * renewed after {@link ApiOptions#ticketRenewAfter()}, obtained again when the server refuses it.
 */
final class TicketLogin {

    private static final Logger log = LoggerFactory.getLogger(PveApiClient.class);

    /** A ticket, its CSRF token, when it was obtained, and who it names. */
    record Ticket(String value, String csrf, Instant obtainedAt, String userid, String clusterName) {

        /** The ticket in the forms a server could echo. */
        List<String> secrets() {
            String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
            return csrf == null ? List.of(value, encoded) : List.of(value, encoded, csrf);
        }
    }

    private final ApiOptions options;
    private final ApiTransport transport;
    private final Clock clock;
    private final Object loginLock = new Object();
    private volatile Ticket ticket;

    TicketLogin(ApiOptions options, ApiTransport transport, Clock clock) {
        this.options = options;
        this.transport = transport;
        this.clock = clock;
    }

    /** The ticket in use, or null before the first login. */
    Ticket last() {
        return ticket;
    }

    /** A ticket still young enough, logging in or renewing first when needed. */
    Ticket current() {
        Ticket t = ticket;
        if (t != null && Duration.between(t.obtainedAt(), clock.instant()).compareTo(options.ticketRenewAfter()) < 0) {
            return t;
        }
        synchronized (loginLock) {
            t = ticket;
            if (t == null) {
                ticket = t = request(null);
            } else if (Duration.between(t.obtainedAt(), clock.instant()).compareTo(options.ticketRenewAfter()) >= 0) {
                log.info("{}: renewing the API ticket of {}", options.cluster(), t.userid());
                try {
                    ticket = t = request(t);
                } catch (SourceUnavailableException e) {
                    ticket = t = request(null);
                }
            }
            return t;
        }
    }

    /** Logs in again after the server refused a ticket (once, however many readers saw it refused). */
    void relogin(Ticket refused) {
        synchronized (loginLock) {
            if (ticket == refused) {
                log.info("{}: ticket refused; logging in again as {}", options.cluster(), refused.userid());
                ticket = request(null);
            }
        }
    }

    /** {@code POST /access/ticket}: a new login, or with {@code renew} the renewal of that ticket. */
    private Ticket request(Ticket renew) {
        Credential.UserPassword user = (Credential.UserPassword) options.credential();
        String password = renew != null ? renew.value() : user.password().reveal();
        String form = "username=" + URLEncoder.encode(user.id(), StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        ApiAnswer a = transport.send("/access/ticket", b -> b
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (a.status() == 401) {
            throw new SourceUnavailableException("authentication failed for " + user.id() + " at " + a.endpoint());
        }
        JsonNode data;
        try {
            data = a.data(transport.json());
        } catch (PveApiClient.RefusedException | PveApiClient.StatusException e) {
            throw new SourceUnavailableException("login as " + user.id() + " at " + a.endpoint() + " failed: HTTP "
                    + (e instanceof PveApiClient.RefusedException r ? r.status() + " " + r.getMessage()
                    : e.getMessage()));
        }
        if (ApiMapping.bool(data, "NeedTFA", false)) {
            throw new SourceUnavailableException("authentication failed for " + user.id() + " at " + a.endpoint()
                    + ": the user needs a second factor; use an API token for the audit");
        }
        String value = ApiMapping.text(data, "ticket");
        if (value == null) {
            throw new SourceUnavailableException("login at " + a.endpoint() + " failed: the answer has no ticket");
        }
        String userid = ApiMapping.text(data, "username");
        return new Ticket(value, ApiMapping.text(data, "CSRFPreventionToken"), clock.instant(),
                userid == null ? user.id() : userid, ApiMapping.text(data, "clustername"));
    }
}
