/**
 * A JUnit 5 extension that gives a test a running {@link org.sysfsemu.SysfsEmu}, mounted in a
 * temporary directory or in-process, and closes it after. JUnit is not bundled: the tests that use
 * the extension bring it.
 */
package org.sysfsemu.junit;
