package org.sysfsemu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sysfsemu.it.Shell.q;
import static org.sysfsemu.it.Shell.sh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java example as a user's own Maven project (src/test/resources/consumer: a pom and
 * a test of at most 15 lines): the library jar this build made is installed into a temporary
 * repository, and the project is built and run against it offline, with its own empty local
 * repository, so nothing comes from this build's class path.
 */
class ConsumerIT {
  @TempDir Path dir;

  @Test
  void aFifteenLineTestPlugsTheStickAgainstTheInstalledArtifact() throws Exception {
    String version = System.getProperty("sysfsemu.version", "0.1.0-SNAPSHOT");
    Path project = dir.resolve("project");
    copy(Path.of("src/test/resources/consumer"), project);
    Path pom = project.resolve("pom.xml");
    Files.writeString(pom, Files.readString(pom).replace("@VERSION@", version));
    Path test = project.resolve("src/test/java/StickTest.java");
    assertTrue(Files.readAllLines(test).size() <= 15, "the example stays within 15 lines");

    Path repo = dir.resolve("repo");
    Path jar = Path.of("target/sysfs-emu-" + version + ".jar").toAbsolutePath();
    sh("mvn -B -ntp -q -o org.apache.maven.plugins:maven-install-plugin:3.1.3:install-file -DlocalRepositoryPath=" + q(repo.toString())
        + " -Dfile=" + q(jar.toString()) + " -DpomFile=pom.xml").ok();

    Path settings = dir.resolve("settings.xml");
    String m2 = Path.of(System.getProperty("user.home"), ".m2/repository").toUri().toString();
    Files.writeString(settings, """
        <settings>
          <localRepository>%s</localRepository>
          <profiles><profile><id>files</id>
            <repositories>
              <repository><id>sysfs-emu-installed</id><url>%s</url><snapshots><enabled>true</enabled></snapshots></repository>
              <repository><id>m2</id><url>%s</url></repository>
            </repositories>
            <pluginRepositories><pluginRepository><id>m2</id><url>%s</url></pluginRepository></pluginRepositories>
          </profile></profiles>
          <activeProfiles><activeProfile>files</activeProfile></activeProfiles>
        </settings>
        """.formatted(dir.resolve("local"), repo.toUri(), m2, m2));
    Shell.Result r = sh("cd " + q(project.toString()) + " && mvn -B -ntp -o -Daether.offline.protocols=file -s "
        + q(settings.toString()) + " test 2>&1");
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0"), r.out());
    assertTrue(Files.isRegularFile(dir.resolve("local/org/sysfsemu/sysfs-emu/" + version + "/sysfs-emu-" + version + ".jar")),
        "the artifact came from the temporary repository");
    assertFalse(Files.exists(dir.resolve("local/info/picocli")), "picocli is not passed on to library users");
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
