package org.pveaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleMessageTest {

    @Test
    void fieldsAndParamsAreFilledInAndEpochSecondsShownAsDatesWhenAsked() {
        Map<String, Object> fields = Map.of("id", "svc@pve!ci", "expire", 1743379200L, "ownerExpire", 0L);
        assertThat(RuleMessage.render("{id} (expire {expire}) lasts more than {params.days} days", fields,
                Map.of("days", 365))).isEqualTo("svc@pve!ci (expire 1743379200) lasts more than 365 days");
        assertThat(RuleMessage.render("{id} expires {expire:date}, its owner {ownerExpire:date}", fields, Map.of()))
                .isEqualTo("svc@pve!ci expires 2025-03-31, its owner never");
        assertThat(RuleMessage.render("{id:date} {missing:date}", fields, Map.of()))
                .as("a text is shown as it is, a missing field as nothing").isEqualTo("svc@pve!ci ");
    }
}
