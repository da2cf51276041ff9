package org.pveaudit.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.Pool;
import org.pveaudit.model.User;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** API JSON follows the same corners as user.cfg where they apply (reference 2.6 and 2.8). */
class ApiMappingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    @Test
    void poolMemberVmIdsAreDigitStringsOfAnyLength() {
        Pool p = ApiMapping.pool("big", null, json("""
                [{"poolid":"big","members":[
                  {"id":"qemu/2147483648","vmid":2147483648,"type":"qemu","node":"pve1"},
                  {"id":"lxc/99999999999","vmid":"99999999999","type":"lxc","node":"pve1"},
                  {"id":"qemu/100","vmid":100,"type":"qemu","node":"pve1"},
                  {"id":"storage/pve1/local","storage":"local","type":"storage","node":"pve1"}]}]"""));
        assertThat(p.vms()).containsExactly("2147483648", "99999999999", "100");
        assertThat(p.storages()).containsExactly("local");
        assertThatThrownBy(() -> ApiMapping.pool("p", null, json("""
                {"members":[{"vmid":"10x","type":"qemu"}]}"""))).hasMessageContaining("field 'vmid'");
    }

    @Test
    void tokenOwnerOfAUserWithBangInItsName() {
        List<ApiToken> tokens = new ArrayList<>();
        List<User> users = ApiMapping.users(json("""
                [{"userid":"x!y@pve","enable":1,"expire":0,"tokens":[{"tokenid":"t2","privsep":1}]}]"""), tokens);
        assertThat(users).extracting(User::id).containsExactly("x!y@pve");
        assertThat(tokens).extracting(ApiToken::id, ApiToken::owner, ApiToken::name)
                .containsExactly(tuple("x!y@pve!t2", "x!y@pve", "t2"));
    }
}
