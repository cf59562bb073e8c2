package io.inetkit.it.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The runner's own judgement, which every test of the image relies on; no image needed. */
class ImageRunTest {

    private static Optional<String> control(byte... stdout) {
        return new ImageRun.Finished("", 0, stdout, new byte[0], Duration.ZERO, Optional.empty()).firstControl();
    }

    private static Optional<String> control(String stdout) {
        return control(stdout.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void textLineEndsAndTabsAreNoControls() {
        assertEquals(Optional.empty(), control("plain\tline\r\ncafé 日本 😀 \\x1b\n"));
    }

    @Test
    void everyKindOfControlIsFound() {
        for (String text : new String[] {"a\u001b[2J", "a\u0000", "a\u007f", "a\rb", "a\u0007", "x\u009b2J"}) {
            assertTrue(control(text).isPresent(), text);
        }
        assertTrue(control((byte) 'a', (byte) 0x9b).isPresent(), "a lone 8-bit CSI");
        assertTrue(control((byte) 0xc3, (byte) 0x28, (byte) 0x85).isPresent(), "an 8-bit NEL after a broken sequence");
        assertEquals(Optional.empty(), control((byte) 0xc3, (byte) 0x85), "Å: its 0x85 belongs to the sequence");
    }

    @Test
    void aMissingImageFailsRatherThanSkips() {
        String configured = System.getProperty(ImageRun.IMAGE_PROPERTY);
        System.setProperty(ImageRun.IMAGE_PROPERTY, "/nonexistent/bin/inetkit");
        try {
            AssertionError missing = assertThrows(AssertionError.class, ImageRun::launcher);
            assertTrue(missing.getMessage().contains("./mvnw -B -q package -DskipTests"), missing.getMessage());
        } finally {
            if (configured == null) {
                System.clearProperty(ImageRun.IMAGE_PROPERTY);
            } else {
                System.setProperty(ImageRun.IMAGE_PROPERTY, configured);
            }
        }
    }
}
