package org.pveaudit.source.api;

import org.pveaudit.source.ApiMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An answer of one endpoint that is not retried: its status, its parsed body (or null) and who gave it. */
record ApiAnswer(int status, JsonNode body, String endpoint) {

    /**
     * The {@code data} member of a 200 answer (a JSON null node when the answer had none).
     *
     * @throws PveApiClient.RefusedException on 401, 403 or 501
     * @throws PveApiClient.StatusException  on another error status
     */
    JsonNode data(JsonMapper json) {
        if (status == 200) {
            JsonNode data = body == null ? null : ApiMapping.unwrap(body);
            return data == null ? json.nullNode() : data;
        }
        String message = message();
        switch (status) {
            case 401, 403, 501 -> throw new PveApiClient.RefusedException(status, endpoint, message);
            default -> throw new PveApiClient.StatusException(status, "HTTP " + status
                    + (message.isEmpty() ? "" : " " + message) + " at " + endpoint);
        }
    }

    private String message() {
        String m = body == null ? null : ApiMapping.text(body, "message");
        return m == null ? "" : m.strip().replace('\n', ' ');
    }
}
