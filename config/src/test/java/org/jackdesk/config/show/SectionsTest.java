package org.jackdesk.config.show;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jackdesk.config.Layout;
import org.jackdesk.config.Param;
import org.jackdesk.config.ParamRegistry;
import org.junit.jupiter.api.Test;

/** Every parameter is in a section a scope or a safe can name. */
class SectionsTest {
    @Test
    void everyParametersSectionIsOneTheScopeMatrixNames() {
        ParamRegistry reg = ParamRegistry.forLayout(Layout.of(2, 1, 2, 1).withFx(2).withTools(new Layout.Tools(1, false, true)));
        for (Param p : reg.all()) {
            assertTrue(Sections.ALL.contains(Sections.of(p)), p.path() + " is in section '" + Sections.of(p) + "', not one of " + Sections.ALL);
        }
        assertEquals("comp", Sections.of(reg.find("main/multiband/2/ratio")));
        assertEquals("comp", Sections.of(reg.find("main/limiter/ceiling")));
        assertEquals("comp", Sections.of(reg.find("bus/1/limiter/on")));
        assertEquals("comp", Sections.of(reg.find("bus/1/transient/attack")));
        assertEquals("pan", Sections.of(reg.find("main/width")));
        assertEquals("eq", Sections.of(reg.find("main/eq/3/ms")));
    }
}
