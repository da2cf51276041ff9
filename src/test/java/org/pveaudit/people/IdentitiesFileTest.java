package org.pveaudit.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** identities.yml read, and each mistake one line naming file, line and field. */
class IdentitiesFileTest {

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("identities.yml"), text);
    }

    private void fails(String text, String message) throws IOException {
        Path file = write(text);
        assertThatThrownBy(() -> IdentitiesFile.read(file)).isInstanceOf(IdentitiesException.class)
                .hasMessage(file + ":" + message);
    }

    @Test
    void readsPeopleAndSeparate() throws IOException {
        Identities ids = IdentitiesFile.read(write("""
                people:
                  - name: "Alice Example"
                    accounts: ["prod:alice@pve", "lab:alice@corp-ldap"]
                separate:
                  - ["prod:bob@pve", "lab:bob@pve"]
                """));
        assertThat(ids.people()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("Alice Example");
            assertThat(p.accounts()).containsExactly("prod:alice@pve", "lab:alice@corp-ldap");
            assertThat(p.where()).endsWith("identities.yml:2:5");
        });
        assertThat(ids.apart("prod:bob@pve", "lab:bob@pve")).isTrue();
        assertThat(ids.apart("prod:bob@pve", "prod:bob@pve")).isFalse();
    }

    @Test
    void anEmptyFileSaysNothing() throws IOException {
        assertThat(IdentitiesFile.read(write(""))).isEqualTo(Identities.NONE);
    }

    @Test
    void mistakesNameFileLineAndField() throws IOException {
        fails("peple: []\n", "1:1: unknown key 'peple' (an identities file has 'people' and 'separate')");
        fails("people: {name: x}\n", "1:1: 'people' must be a list");
        fails("people:\n  - name: Alice\n    acounts: [\"prod:a@pve\"]\n",
                "3:5: people: unknown key 'acounts' (an entry has name and accounts)");
        fails("people:\n  - accounts: [\"prod:a@pve\"]\n", "2:5: people.name must be a text");
        fails("people:\n  - name: Alice\n    accounts: [\"prod:a@pve\", \"alice@pve\"]\n",
                "3:30: people.accounts: 'alice@pve' is not an account cluster:user@realm, such as \"prod:alice@pve\"");
        fails("people:\n  - name: Alice\n    accounts: [\"prod:a@pve!tok\"]\n",
                "3:16: people.accounts: 'prod:a@pve!tok' is not an account cluster:user@realm, such as "
                        + "\"prod:alice@pve\"");
        fails("people:\n  - name: Root\n    accounts: [\"prod:root@pam\", \"lab:root@pam\"]\n",
                "3:16: people.accounts: 'prod:root@pam': root@pam is never linked (each cluster's root is its own "
                        + "account)");
        fails("separate:\n  - [\"prod:bob@pve\"]\n",
                "2:5: separate: an entry needs two accounts or more, such as [\"prod:bob@pve\", \"lab:bob@pve\"]");
    }

    @Test
    void aValueIsShownOnOneLine() throws IOException {
        fails("people:\n  - name: A\n    accounts: [\"prod\\nx\"]\n",
                "3:16: people.accounts: 'prod\\u000ax' is not an account cluster:user@realm, such as "
                        + "\"prod:alice@pve\"");
    }

    @Test
    void anAccountBelongsToOnePersonAndAJoinCannotBeSeparated() throws IOException {
        fails("""
                people:
                  - name: A
                    accounts: ["prod:a@pve"]
                  - name: B
                    accounts: ["lab:b@pve", "prod:a@pve"]
                """, "5:29: people.accounts: 'prod:a@pve' is listed already at line 3; an account belongs to one "
                + "person");
        fails("""
                people:
                  - name: A
                    accounts: ["prod:a@pve", "lab:a@pve"]
                separate:
                  - ["lab:a@pve", "prod:a@pve"]
                """, "3:5: people.accounts joins 'prod:a@pve' and 'lab:a@pve', which separate keeps apart");
    }
}
