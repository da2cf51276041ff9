package org.pveaudit.source.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** An API answer is read up to a limit: beyond it the read is cancelled, not buffered. */
class BoundedBodyTest {

    private static HttpResponse.ResponseInfo info(Map<String, List<String>> headers) {
        return new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return 200;
            }

            @Override
            public HttpHeaders headers() {
                return HttpHeaders.of(headers, (a, b) -> true);
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }

    private static Throwable failure(CompletableFuture<byte[]> body) {
        try {
            body.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aBodyWithinTheLimitIsRead() {
        HttpResponse.BodySubscriber<byte[]> s = new BoundedBody(10).apply(info(Map.of()));
        s.onSubscribe(new Nothing(new AtomicBoolean()));
        s.onNext(List.of(ByteBuffer.wrap("12345".getBytes()), ByteBuffer.wrap("67890".getBytes())));
        s.onComplete();
        assertThat(s.getBody().toCompletableFuture().join()).hasSize(10);
    }

    @Test
    void aBodyOverTheLimitIsCutOff() {
        AtomicBoolean cancelled = new AtomicBoolean();
        HttpResponse.BodySubscriber<byte[]> s = new BoundedBody(10).apply(info(Map.of()));
        s.onSubscribe(new Nothing(cancelled));
        s.onNext(List.of(ByteBuffer.wrap("123456".getBytes())));
        s.onNext(List.of(ByteBuffer.wrap("789012".getBytes())));
        assertThat(cancelled).isTrue();
        assertThat(failure(s.getBody().toCompletableFuture())).isInstanceOf(BoundedBody.TooLarge.class);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeReading() {
        AtomicBoolean cancelled = new AtomicBoolean();
        HttpResponse.BodySubscriber<byte[]> s = new BoundedBody(10)
                .apply(info(Map.of("Content-Length", List.of("11"))));
        s.onSubscribe(new Nothing(cancelled));
        assertThat(cancelled).isTrue();
        assertThat(failure(s.getBody().toCompletableFuture())).hasMessage(
                "the answer is larger than 10 bytes, the most pve-audit reads");
    }

    /** A subscription that only records its cancellation. */
    private record Nothing(AtomicBoolean cancelled) implements Flow.Subscription {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
            cancelled.set(true);
        }
    }
}
