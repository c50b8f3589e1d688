package de.rathaus.notifications.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.rathaus.platform.web.InvalidInputException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallbackGuardTest {

    private final CallbackGuard production = new CallbackGuard(webhooks(false, List.of()));

    /** The settings the guard reads; the rest as in production. */
    private static WebhookProperties webhooks(boolean allowHttp, List<String> allowedTargets) {
        return new WebhookProperties(allowHttp, allowedTargets, Duration.ofSeconds(5), Duration.ofDays(3), Duration.ofSeconds(5),
                Duration.ofHours(1), 16, 64, Duration.ofSeconds(1));
    }

    @Test
    void internalAddressesAreForbiddenInEveryNotation() throws Exception {
        for (String internal : List.of("127.0.0.1", "127.5.5.5", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1",
                "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a00:1")) {
            assertThat(CallbackGuard.isForbidden(InetAddress.getByName(internal))).as(internal).isTrue();
        }
        for (String external : List.of("93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8")) {
            assertThat(CallbackGuard.isForbidden(InetAddress.getByName(external))).as(external).isFalse();
        }
    }

    @Test
    void registrationNeedsHttpsAndAnExternalTargetUnlessAllowListed() {
        assertThatThrownBy(() -> production.validate("http://93.184.216.34/hook")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("https");
        assertThatThrownBy(() -> production.validate("https://127.0.0.1/hook")).hasMessageContaining("internal address");
        assertThatThrownBy(() -> production.validate("https://[::ffff:7f00:1]/hook")).hasMessageContaining("internal address");
        assertThatThrownBy(() -> production.validate("https://localhost/hook")).hasMessageContaining("internal address");
        assertThatThrownBy(() -> production.validate("https://user:pw@93.184.216.34/hook")).hasMessageContaining("user info");
        assertThat(production.validate("https://93.184.216.34/hook").getHost()).isEqualTo("93.184.216.34");

        CallbackGuard onPremises = new CallbackGuard(webhooks(true, List.of("10.20.0.0/16")));
        assertThat(onPremises.validate("http://10.20.3.4/hook").getHost()).isEqualTo("10.20.3.4");
        assertThatThrownBy(() -> onPremises.validate("http://10.21.3.4/hook")).hasMessageContaining("internal address");
    }

    @Test
    void sendTimeResolutionRefusesInternalTargets() {
        assertThatThrownBy(() -> production.resolve("127.0.0.1")).isInstanceOf(CallbackGuard.ForbiddenTargetException.class);
    }
}
