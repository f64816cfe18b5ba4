package org.sysfsemu.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sysfsemu.error.Errno;
import org.sysfsemu.error.SysfsException;
import org.sysfsemu.netlink.SubscriptionOptions.SubsystemMatch;

class SubscriptionOptionsTest {

  @Nested
  class Parse {
    @Test
    void emptyLineIsTheDefault() throws SysfsException {
      assertEquals(SubscriptionOptions.DEFAULT, SubscriptionOptions.parse(""));
      assertEquals(SubscriptionOptions.DEFAULT, SubscriptionOptions.parse("\n"));
      assertEquals(List.of(1), List.copyOf(SubscriptionOptions.DEFAULT.groups()));
      assertEquals(1, SubscriptionOptions.DEFAULT.groupMask());
    }

    @Test
    void fullLine() throws SysfsException {
      SubscriptionOptions o = SubscriptionOptions.parse(
          "groups=2,1 subsystem=block/disk subsystem=net tag=systemd tag=uaccess\n");
      assertEquals(List.of(1, 2), List.copyOf(o.groups()));
      assertEquals(3, o.groupMask());
      assertEquals(List.of(new SubsystemMatch("block", "disk"), new SubsystemMatch("net", null)), o.subsystems());
      assertEquals(List.of("systemd", "uaccess"), List.copyOf(o.tags()));
    }

    @Test
    void theMonitorCommandsLine() throws SysfsException {
      // what MonitorCommand.optionLine() writes for -k -u -s block -t foo
      SubscriptionOptions o = SubscriptionOptions.parse("groups=1,2 subsystem=block tag=foo\n");
      assertEquals("groups=1,2 subsystem=block tag=foo\n", o.toLine());
    }

    @Test
    void newlineIsOptionalAndBlanksMayRepeat() throws SysfsException {
      assertEquals(SubscriptionOptions.parse("groups=2 subsystem=mem\n"),
          SubscriptionOptions.parse("  groups=2 \t subsystem=mem  "));
    }

    @Test
    void filtersWithoutGroupsKeepGroupOne() throws SysfsException {
      SubscriptionOptions o = SubscriptionOptions.parse("subsystem=usb");
      assertEquals(1, o.groupMask());
      assertEquals(1, o.subsystems().size());
    }

    @Test
    void everyGroupFromOneToThirtyTwo() throws SysfsException {
      SubscriptionOptions o = SubscriptionOptions.parse("groups=32,3,1,1");
      assertEquals(List.of(1, 3, 32), List.copyOf(o.groups()));
      assertEquals(0x80000005, o.groupMask());
      assertTrue(o.hasGroup(32));
      assertFalse(o.hasGroup(2));
    }

    @Test
    void toLineRoundTrips() throws SysfsException {
      SubscriptionOptions o = SubscriptionOptions.parse("groups=1,2 subsystem=block/disk tag=seat");
      assertEquals(o, SubscriptionOptions.parse(o.toLine()));
    }
  }

  @Nested
  class Malformed {
    @ParameterizedTest(name = "[{0}]")
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '"',
        textBlock = """
            groups                  | bad option "groups": expected KEY=VALUE (groups, subsystem, tag)
            groups=                 | bad option "groups=": group "" is not a number 1..32
            groups=0                | bad option "groups=0": group "0" is not a number 1..32
            groups=33               | bad option "groups=33": group "33" is not a number 1..32
            groups=x                | bad option "groups=x": group "x" is not a number 1..32
            groups=+1               | bad option "groups=+1": group "+1" is not a number 1..32
            groups=-1               | bad option "groups=-1": group "-1" is not a number 1..32
            groups=001              | bad option "groups=001": group "001" is not a number 1..32
            groups=1,               | bad option "groups=1,": group "" is not a number 1..32
            groups=1,,2             | bad option "groups=1,,2": group "" is not a number 1..32
            groups=1 groups=2       | bad option "groups=2": groups given twice
            group=1                 | bad option "group=1": unknown key "group" (groups, subsystem, tag)
            =1                      | bad option "=1": unknown key "" (groups, subsystem, tag)
            subsystem=              | bad option "subsystem=": expected subsystem=SUBSYSTEM[/DEVTYPE]
            subsystem=/disk         | bad option "subsystem=/disk": expected subsystem=SUBSYSTEM[/DEVTYPE]
            subsystem=block/        | bad option "subsystem=block/": expected subsystem=SUBSYSTEM[/DEVTYPE]
            subsystem=a/b/c         | bad option "subsystem=a/b/c": expected subsystem=SUBSYSTEM[/DEVTYPE]
            tag=                    | bad option "tag=": expected tag=TAG, a non-empty tag without ':'
            tag=a:b                 | bad option "tag=a:b": expected tag=TAG, a non-empty tag without ':'
            groups=2 subsystem      | bad option "subsystem": expected KEY=VALUE (groups, subsystem, tag)
            """)
    void isEinvalNamingTheWord(String line, String message) {
      SysfsException e = assertThrows(SysfsException.class, () -> SubscriptionOptions.parse(line));
      assertEquals(Errno.EINVAL, e.errno());
      assertEquals(message, e.getMessage());
    }

    @Test
    void controlCharacters() {
      assertEquals("bad option \"groups=2\\x0asubsystem=mem\": control character",
          message("groups=2\nsubsystem=mem\n"));
      assertEquals("bad option \"groups=2\\x0d\": control character", message("groups=2\r\n"));
    }

    @Test
    void overlongLine() {
      assertEquals("option line longer than 4096 bytes", message("tag=" + "x".repeat(4093)));
    }

    private String message(String line) {
      SysfsException e = assertThrows(SysfsException.class, () -> SubscriptionOptions.parse(line));
      assertEquals(Errno.EINVAL, e.errno());
      return e.getMessage();
    }
  }

  @Nested
  class Matching {
    @Test
    void subsystemAndDevtype() throws SysfsException {
      SubscriptionOptions o = SubscriptionOptions.parse("subsystem=block/disk subsystem=mem");
      assertTrue(o.matches("block", "disk", Set.of()));
      assertFalse(o.matches("block", "partition", Set.of()));
      assertFalse(o.matches("block", null, Set.of()));
      assertTrue(o.matches("mem", null, Set.of()));
      assertTrue(o.matches("mem", "whatever", Set.of()));
      assertFalse(o.matches("net", null, Set.of()));
    }

    @Test
    void tagsMustBeCarried() throws SysfsException {
      SubscriptionOptions o = SubscriptionOptions.parse("tag=seat tag=uaccess");
      assertTrue(o.matches("drm", null, Set.of("uaccess", "systemd")));
      assertFalse(o.matches("drm", null, Set.of("systemd")));
      assertFalse(o.matches("drm", null, Set.of()));
    }

    @Test
    void subsystemAndTagBothApply() throws SysfsException {
      SubscriptionOptions o = SubscriptionOptions.parse("subsystem=drm tag=seat");
      assertTrue(o.matches("drm", null, Set.of("seat")));
      assertFalse(o.matches("input", null, Set.of("seat")));
      assertFalse(o.matches("drm", null, Set.of("uaccess")));
    }

    @Test
    void noFiltersMatchEverything() {
      assertTrue(SubscriptionOptions.DEFAULT.matches("anything", null, Set.of()));
      assertTrue(SubscriptionOptions.DEFAULT.subsystems().isEmpty());
      assertTrue(SubscriptionOptions.DEFAULT.tags().isEmpty());
    }
  }

  @Test
  void subsystemMatchPrintsAsWritten() {
    assertEquals("block/disk", new SubsystemMatch("block", "disk").toString());
    assertEquals("mem", new SubsystemMatch("mem", null).toString());
    assertNull(new SubsystemMatch("mem", null).devtype());
  }
}
