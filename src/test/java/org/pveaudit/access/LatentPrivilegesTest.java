package org.pveaudit.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Reference 2.7: enable and expire are checked when a user or token authenticates, not when privileges are
 * computed. A disabled or expired account, an expired token, or a token whose owner is disabled or expired
 * still holds its privileges; they are latent (unusable now, back as soon as the account is fixed).
 */
class LatentPrivilegesTest {

    private static final long NOW = 1_750_000_000L;

    /** Every principal holds PVEAuditor on /vms; only account state differs. */
    private static final AccessModel MODEL = Configs.model("""
            user:active@pve:1:0::::::
            token:active@pve!fresh:0:1::
            token:active@pve!later:1750000000:1::
            token:active@pve!old:1749999999:1::
            token:active@pve!full:1749999999:0::
            user:disabled@pve:0:0::::::
            token:disabled@pve!tk:0:1::
            token:disabled@pve!full:0:0::
            user:expired@pve:1:1749999999::::::
            token:expired@pve!tk:0:1::
            user:today@pve:1:1750000000::::::
            token:today@pve!tk:0:1::
            acl:1:/vms:active@pve,disabled@pve,expired@pve,today@pve:PVEAuditor:
            acl:1:/vms:active@pve!fresh,active@pve!later,active@pve!old:PVEAuditor:
            acl:1:/vms:disabled@pve!tk,expired@pve!tk,today@pve!tk:PVEAuditor:
            """);

    @Test
    void usersAreLatentWhenDisabledOrExpiredBeforeNow() {
        assertThat(MODEL.latent("active@pve", NOW)).isFalse();
        assertThat(MODEL.latent("disabled@pve", NOW)).isTrue();
        assertThat(MODEL.latent("expired@pve", NOW)).isTrue();
        // expired iff 0 < expire < now: the last second is still valid
        assertThat(MODEL.latent("today@pve", NOW)).isFalse();
        assertThat(MODEL.latent("today@pve", NOW + 1)).isTrue();
    }

    @Test
    void tokensAreLatentWhenExpiredThemselves() {
        assertThat(MODEL.latent("active@pve!fresh", NOW)).isFalse();
        assertThat(MODEL.latent("active@pve!later", NOW)).isFalse();
        assertThat(MODEL.latent("active@pve!old", NOW)).isTrue();
        assertThat(MODEL.latent("active@pve!full", NOW)).isTrue();
    }

    @Test
    void tokensAreLatentWhenTheirOwnerIsDisabledOrExpired() {
        assertThat(MODEL.latent("disabled@pve!tk", NOW)).isTrue();
        assertThat(MODEL.latent("disabled@pve!full", NOW)).isTrue();
        assertThat(MODEL.latent("expired@pve!tk", NOW)).isTrue();
        assertThat(MODEL.latent("today@pve!tk", NOW)).isFalse();
        assertThat(MODEL.latent("today@pve!tk", NOW + 1)).isTrue();
    }

    @Test
    void rootIsNeverLatentAndUnknownPrincipalsAlwaysAre() {
        assertThat(MODEL.latent("root@pam", NOW)).isFalse();
        assertThat(MODEL.latent("ghost@pve", NOW)).isTrue();
        assertThat(MODEL.latent("ghost@pve!tk", NOW)).isTrue();
    }

    @Test
    void latentPrincipalsStillHoldTheirPrivileges() {
        for (String who : List.of("disabled@pve", "expired@pve", "disabled@pve!tk", "active@pve!old")) {
            assertThat(MODEL.privileges(who, "/vms/100")).as(who).containsKey("VM.Audit");
        }
    }

    @Test
    void whoCanMarksEachHolderLatentOrNot() {
        List<String> holders = MODEL.whoCan("VM.Audit", "/vms/100", NOW).stream()
                .map(h -> h.principal() + (h.latent() ? " latent" : "")).toList();
        assertThat(holders).containsExactly("active@pve", "active@pve!fresh", "active@pve!full latent",
                "active@pve!later", "active@pve!old latent", "disabled@pve latent", "disabled@pve!full latent",
                "disabled@pve!tk latent", "expired@pve latent", "expired@pve!tk latent", "root@pam", "today@pve",
                "today@pve!tk");
        assertThat(MODEL.whoCan("VM.Audit", "/vms/100", NOW)).allMatch(h -> h.path().equals("/vms/100"));
    }

    @Test
    void whoCanEverywhereMarksEachHolderLatentOrNot() {
        List<String> holders = new ArrayList<>();
        MODEL.whoCanEverywhere("VM.Audit", NOW, h -> {
            if (h.path().equals("/vms")) {
                holders.add(h.principal() + (h.latent() ? " latent" : ""));
            }
        });
        assertThat(holders).containsExactly("active@pve", "active@pve!fresh", "active@pve!full latent",
                "active@pve!later", "active@pve!old latent", "disabled@pve latent", "disabled@pve!full latent",
                "disabled@pve!tk latent", "expired@pve latent", "expired@pve!tk latent", "root@pam", "today@pve",
                "today@pve!tk");
    }
}
