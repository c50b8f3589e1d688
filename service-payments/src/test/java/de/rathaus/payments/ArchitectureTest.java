package de.rathaus.payments;

import de.rathaus.testsupport.ComponentArchitectureTest;

/** The architecture rules of every component (see {@code ArchitectureRules}), checked on this service's classes. */
class ArchitectureTest extends ComponentArchitectureTest {

    ArchitectureTest() {
        super("de.rathaus.payments");
    }
}
