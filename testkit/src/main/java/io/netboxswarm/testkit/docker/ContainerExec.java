package io.netboxswarm.testkit.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** {@code docker exec} through docker-java: what a command run in a container prints (stdout and stderr). */
public final class ContainerExec {

  private ContainerExec() {
  }

  public static String run(DockerClient docker, String container, String... command) throws InterruptedException {
    String id = docker.execCreateCmd(container).withCmd(command).withAttachStdout(true).withAttachStderr(true)
        .exec().getId();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    docker.execStartCmd(id).exec(new ResultCallback.Adapter<Frame>() {
      @Override
      public void onNext(Frame frame) {
        out.writeBytes(frame.getPayload());
      }
    }).awaitCompletion();
    return out.toString(StandardCharsets.UTF_8);
  }
}
