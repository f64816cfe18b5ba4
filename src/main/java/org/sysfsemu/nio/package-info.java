/**
 * A read-only {@code java.nio.file} view of an emulator's /dev tree for the in-process mode, where
 * there is no mount: {@link org.sysfsemu.nio.DevFileSystem} and its paths answer {@code
 * Files.exists}, {@code isDirectory}, {@code readSymbolicLink}, {@code list}, {@code
 * readAttributes} (basic and posix) and reads of regular files from the emulated tree itself.
 * Opening a device node and every change are refused.
 */
package org.sysfsemu.nio;
