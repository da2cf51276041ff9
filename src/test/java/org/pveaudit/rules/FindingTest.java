package org.pveaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FindingTest {

    private static Finding of(SubjectKind kind, String key) {
        return new Finding("lab", "R", Severity.HIGH, "t", kind, key, null, null, "m");
    }

    @Test
    void roleOfAnAclEntryIsTheLastPartOfItsKeyEvenWhenTheUserNameHasABar() {
        assertThat(of(SubjectKind.ACL, "/|@branch-admins|Administrator").role()).isEqualTo("Administrator");
        assertThat(of(SubjectKind.ACL, "/vms|we|rd@pve|PVEVMUser").role()).isEqualTo("PVEVMUser");
    }

    @Test
    void roleOfARoleFindingIsItsIdAndOtherSubjectsHaveNone() {
        assertThat(of(SubjectKind.ROLE, "Power").role()).isEqualTo("Power");
        assertThat(of(SubjectKind.TOKEN, "alice@pve!ci").role()).isNull();
    }
}
