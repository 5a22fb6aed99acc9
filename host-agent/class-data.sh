#!/bin/sh
# Makes the agent's class-data sharing archive: class-data.sh JAR ARCHIVE
#
# A training run (io.netboxswarm.agent.ClassDataTraining: the real agent started for a few seconds against
# endpoints that are not there) with the shipped JVM flags dumps the classes it loaded into ARCHIVE; an agent
# started with -XX:SharedArchiveFile=ARCHIVE maps them already parsed and verified, which takes about a third
# off its time to a first heartbeat. An archive only serves the very JAR file and JVM it was made with (the JVM checks the path,
# size and time of the jar, and ignores an archive that does not match), so it is made where it is used: by the
# host-agent build next to target/host-agent.jar, and in the image by its Dockerfile. JAVA names the java
# binary (default: java on the PATH).
set -eu
jar=${1:?usage: class-data.sh JAR ARCHIVE}
archive=${2:?usage: class-data.sh JAR ARCHIVE}
here=$(cd "$(dirname "$0")" && pwd)
rm -f "$archive"
# cds logging off: the classes CDS cannot keep (JFR events, reflection stubs) are not news
"${JAVA:-java}" @"$here/agent.jvm-flags" -Xlog:cds=off -Xlog:cds+dynamic=off -XX:ArchiveClassesAtExit="$archive" \
  -cp "$jar" io.netboxswarm.agent.ClassDataTraining
test -s "$archive"
