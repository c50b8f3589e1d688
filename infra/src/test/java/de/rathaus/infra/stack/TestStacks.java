package de.rathaus.infra.stack;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Stack settings for this module's tests: ports and directories apart from the defaults, so the tests run while
 * a developer's local stack is up.
 */
final class TestStacks {

    private TestStacks() {
    }

    static StackConfig.Builder config(Component... components) {
        StackConfig.Builder builder = StackConfig.builder().components(components);
        Path local = builder.build().localDir();
        return builder
                .kafkaPort(19092)
                .kafkaControllerPort(19093)
                .keycloakPort(18180)
                .keycloakManagementPort(19000)
                .smtpPort(13025)
                .mailApiPort(18025)
                .kafkaDataDir(local.resolve("test-kafka-data"))
                .logDir(local.resolve("test-logs"))
                .startupTimeout(Duration.ofSeconds(240));
    }
}
