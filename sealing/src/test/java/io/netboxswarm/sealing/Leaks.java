package io.netboxswarm.sealing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.hybrid.HpkePrivateKey;

/** Test helper: the printable forms of secret bytes, and a check that a text shows none of them. */
final class Leaks {

  /** Shortest fragment that counts as a leak: long enough not to match by chance. */
  private static final int WINDOW = 12;

  private Leaks() {
  }

  /** Every usual printable form of {@code bytes}: as text, base64, base64url, hex, Arrays.toString. */
  static List<String> forms(byte[] bytes) {
    List<String> forms = new ArrayList<>();
    forms.add(new String(bytes, StandardCharsets.ISO_8859_1));
    forms.add(new String(bytes, StandardCharsets.UTF_8));
    forms.add(Base64.getEncoder().encodeToString(bytes));
    forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    forms.add(HexFormat.of().formatHex(bytes));
    forms.add(HexFormat.of().withUpperCase().formatHex(bytes));
    forms.add(Arrays.toString(bytes));
    return forms;
  }

  /** Fails when {@code text} contains a {@value #WINDOW}-character fragment of any form of any secret. */
  static void assertShowsNothingOf(String text, byte[]... secrets) {
    for (byte[] secret : secrets) {
      for (String form : forms(secret)) {
        for (String fragment : fragments(form)) {
          if (text.contains(fragment)) {
            throw new AssertionError("text shows a fragment of secret bytes: " + text);
          }
        }
      }
    }
  }

  private static List<String> fragments(String form) {
    if (form.length() <= WINDOW) {
      return form.length() >= 6 ? List.of(form) : List.of();
    }
    List<String> fragments = new ArrayList<>();
    for (int i = 0; i + WINDOW <= form.length(); i++) {
      fragments.add(form.substring(i, i + WINDOW));
    }
    return fragments;
  }

  /** The raw private key bytes of every key, and every base64 "value" of the private keyset's JSON. */
  static byte[][] keyMaterial(KeysetHandle privateKeyset) {
    List<byte[]> material = new ArrayList<>();
    for (int i = 0; i < privateKeyset.size(); i++) {
      HpkePrivateKey key = (HpkePrivateKey) privateKeyset.getAt(i).getKey();
      material.add(key.getPrivateKeyBytes().toByteArray(InsecureSecretKeyAccess.get()));
    }
    Matcher values = Pattern.compile("\"value\"\\s*:\\s*\"([^\"]+)\"").matcher(Keysets.toPrivateJson(privateKeyset));
    while (values.find()) {
      material.add(Base64.getDecoder().decode(values.group(1)));
      material.add(values.group(1).getBytes(StandardCharsets.US_ASCII));
    }
    assertThat(material).hasSizeGreaterThanOrEqualTo(2);
    return material.toArray(byte[][]::new);
  }

  /** Whether {@code haystack} holds {@code needle} as a run of bytes. */
  static boolean containsBytes(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
