package de.rathaus.gateway;

import de.rathaus.testsupport.ComponentArchitectureTest;

/** The gateway's features form no cycle, import no service, and its tests are named by how they run. */
class ArchitectureTest extends ComponentArchitectureTest {

    ArchitectureTest() {
        super("de.rathaus.gateway");
    }

    /** Filters, handlers and security of the edge: web by nature, no domain to keep free of it. */
    @Override
    protected boolean hasDomain() {
        return false;
    }
}
