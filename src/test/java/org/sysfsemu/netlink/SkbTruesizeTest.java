package org.sysfsemu.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SkbTruesizeTest {

  @Test
  void smallDatagramsCostEightHundredThirtyTwo() {
    assertEquals(832, SkbTruesize.of(0));
    assertEquals(832, SkbTruesize.of(100));
    assertEquals(832, SkbTruesize.of(162)); // the /dev/null capture of docs/linux-reference.md §4.1
    assertEquals(832, SkbTruesize.of(256));
  }

  @Test
  void theDefaultBufferHoldsTwoHundredFiftySixSmallEvents() {
    assertEquals(256, Subscription.DEFAULT_RCVBUF / SkbTruesize.of(162));
    assertEquals(0, Subscription.DEFAULT_RCVBUF % SkbTruesize.of(162));
  }

  @Test
  void largerHeadsRoundToPowerOfTwoAllocations() {
    assertEquals(1024 + 256, SkbTruesize.of(257));
    assertEquals(1024 + 256, SkbTruesize.of(280)); // the udevd capture of docs/linux-reference.md §11.4
    assertEquals(1024 + 256, SkbTruesize.of(704));
    assertEquals(2048 + 256, SkbTruesize.of(705));
    assertEquals(4096 + 256, SkbTruesize.of(2048 + 80));
    assertEquals(8192 + 256, SkbTruesize.of(7872));
    assertEquals(16384 + 256, SkbTruesize.of(7873));
  }
}
