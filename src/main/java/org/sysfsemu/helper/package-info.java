/**
 * The uevent helper as a real process: started directly from argv (never through a shell), with
 * exactly the event's environment, bounded concurrency and a bounded queue in SEQNUM order. The
 * only package that starts processes.
 */
package org.sysfsemu.helper;
