package dev.hardening.web;

import java.util.Locale;
import java.util.Random;

/**
 * Writes one address in any of the spellings RFC 4291 allows (and an IPv4 address in its
 * IPv4-mapped IPv6 forms too), for properties that every spelling reads as the same address.
 */
public final class IpSpellings {

	private IpSpellings() {
	}

	public static String spell(byte[] address, Random random) {
		if (address.length == 4) {
			String dotted = (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "."
					+ (address[3] & 0xff);
			return switch (random.nextInt(5)) {
				case 0 -> (random.nextBoolean() ? "::ffff:" : "0:0:0:0:0:FFFF:") + dotted;
				case 1 -> {
					byte[] mapped = new byte[16];
					mapped[10] = (byte) 0xff;
					mapped[11] = (byte) 0xff;
					System.arraycopy(address, 0, mapped, 12, 4);
					yield ipv6(mapped, random, false);
				}
				default -> dotted;
			};
		}
		return ipv6(address, random, random.nextInt(4) == 0);
	}

	private static String ipv6(byte[] address, Random random, boolean dottedTail) {
		int count = dottedTail ? 6 : 8;
		String[] groups = new String[count];
		for (int i = 0; i < count; i++) {
			int value = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
			String hex = Integer.toHexString(value);
			if (random.nextInt(4) == 0) {
				hex = "0".repeat(4 - hex.length()) + hex;
			}
			groups[i] = random.nextBoolean() ? hex.toUpperCase(Locale.ROOT) : hex;
		}
		// "::" for one run of zero groups, chosen at random among them
		int start = -1;
		int end = -1;
		int runs = 0;
		for (int i = 0; i < count; i++) {
			if (isZero(address, i)) {
				int j = i;
				while (j < count && isZero(address, j)) {
					j++;
				}
				if (random.nextInt(++runs) == 0) {
					start = i;
					end = i + 1 + random.nextInt(j - i);
				}
				i = j;
			}
		}
		StringBuilder text = new StringBuilder();
		boolean compress = start >= 0 && random.nextInt(4) != 0;
		for (int i = 0; i < count; i++) {
			if (compress && i == start) {
				text.append("::");
				i = end - 1;
				continue;
			}
			if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
				text.append(':');
			}
			text.append(groups[i]);
		}
		if (dottedTail) {
			if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
				text.append(':');
			}
			text.append(address[12] & 0xff).append('.').append(address[13] & 0xff).append('.')
				.append(address[14] & 0xff).append('.').append(address[15] & 0xff);
		}
		return text.toString();
	}

	private static boolean isZero(byte[] address, int group) {
		return address[2 * group] == 0 && address[2 * group + 1] == 0;
	}

}
