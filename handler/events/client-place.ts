/**
 * Where a root call comes from, as a session remembers it: the network of its source address and the
 * family of its client (user agent). A live session seen from a new network or a new client family is
 * told at once (session-places.ts): a stolen key or a hijacked console session used beside its owner.
 *
 * Networks, not exact addresses: an IPv4 address counts by its /24 and an IPv6 address by its /48.
 * One person's address moves within those all the time (a NAT pool or a corporate egress range
 * takes the next address, a phone network or a DHCP lease renews, IPv6 privacy addresses rotate
 * within a /64 every few hours), and telling each move would teach people to ignore the alert. A
 * thief's address is almost never in the owner's /24 or /48. A source that is not an address
 * (`AWS Internal`, a service's name) has no network and is never a new place by itself.
 *
 * Families, not versions: an upgraded CLI is the same client; the CLI becoming Boto3, a browser or a
 * hacking tool is not. The family is read by a pure function from the user agent; a client it does
 * not know is named by its first product token, so a new tool still counts as a new family.
 */
import { UNKNOWN } from "../messages/display-text";

export interface ClientPlace {
  /** `198.51.100.0/24`, `2001:db8:1::/48`; absent when the source is not an address. */
  readonly network?: string;
  /** `aws-cli`, `boto3`, `console`, `hacking tool (kali)`, ...; absent when the user agent is unknown. */
  readonly agent?: string;
  /** The exact address and user agent, as the reader is shown them. */
  readonly sourceIp: string;
  readonly userAgent: string;
}

/** Tools and distributions made for attacking: named in the family, and matched before any SDK (Kali's aws-cli is still Kali). */
const HACKING_TOOLS = /\b(kali|parrot|pentoo|pacu|cloudgoat|scoutsuite|prowler|cloudsploit|stratus-red-team|weirdaal|aws_consoler|cloudfox|trufflehog|nmap|sqlmap|metasploit|endgame)\b/i;

/** Known families, first match wins: the order matters where one user agent names several (Terraform names aws-sdk-go). */
const FAMILIES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(mozilla\/|opera\/)|aws internal|aws-internal|console|signin\.amazonaws\.com/i, "console"],
  [/\bterraform\b|hashicorp/i, "terraform"],
  [/\bpulumi\b/i, "pulumi"],
  [/aws-cdk|\bcdk\//i, "aws-cdk"],
  [/\baws-cli\//i, "aws-cli"],
  [/\bboto3\//i, "boto3"],
  [/\bbotocore\//i, "boto3"],
  [/aws-sdk-js|aws-sdk-nodejs|\blang\/js\b/i, "aws-sdk-js"],
  [/aws-sdk-java/i, "aws-sdk-java"],
  [/aws-sdk-go/i, "aws-sdk-go"],
  [/aws-sdk-dotnet|aws-sdk-net/i, "aws-sdk-dotnet"],
  [/aws-sdk-ruby/i, "aws-sdk-ruby"],
  [/aws-sdk-php/i, "aws-sdk-php"],
  [/aws-sdk-rust/i, "aws-sdk-rust"],
  [/aws-sdk-cpp/i, "aws-sdk-cpp"],
  [/aws-powershell|awspowershell/i, "aws-powershell"],
  [/python-requests\//i, "python-requests"],
  [/^curl\//i, "curl"],
  [/^wget\//i, "wget"],
  [/^go-http-client\//i, "go-http-client"],
];

/** The client family of a user agent. Pure. */
export function userAgentFamily(userAgent: string): string | undefined {
  const text = userAgent.trim();
  if (text === "" || text === UNKNOWN) return undefined;
  const tool = HACKING_TOOLS.exec(text);
  if (tool) return `hacking tool (${tool[1].toLowerCase()})`;
  for (const [pattern, family] of FAMILIES) if (pattern.test(text)) return family;
  // Unknown: its first product token, lower-cased and bounded; or "other" when it has none.
  const token = /^\[?([A-Za-z][A-Za-z0-9._-]{0,39})/.exec(text);
  return token ? token[1].toLowerCase() : "other";
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The network a source address counts by (/24 for IPv4, /48 for IPv6), or undefined when it is not an address. Pure. */
export function networkOf(sourceIp: string): string | undefined {
  const text = sourceIp.trim();
  const v4 = IPV4.exec(text);
  if (v4) {
    const octets = v4.slice(1, 5).map(Number);
    return octets.every((octet) => octet <= 255) ? `${octets.slice(0, 3).join(".")}.0/24` : undefined;
  }
  const groups = ipv6Groups(text);
  if (!groups) return undefined;
  // An IPv4-mapped address (::ffff:a.b.c.d) counts as the IPv4 address it is.
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return networkOf([groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255].join("."));
  }
  return `${groups.slice(0, 3).map((group) => group.toString(16)).join(":")}::/48`;
}

/** The eight 16-bit groups of an IPv6 address, or undefined when the text is not one. */
function ipv6Groups(text: string): number[] | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(":")) return undefined;
  let address = text;
  const embedded = /(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(address);
  if (embedded) {
    const octets = embedded[1].split(".").map(Number);
    if (octets.some((octet) => octet > 255)) return undefined;
    address = `${address.slice(0, -embedded[1].length)}${((octets[0] << 8) | octets[1]).toString(16)}:${((octets[2] << 8) | octets[3]).toString(16)}`;
  }
  const halves = address.split("::");
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === "" ? [] : part.split(":"));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const all = [...head, ...Array.from({ length: halves.length === 2 ? missing : 0 }, () => "0"), ...tail];
  if (all.some((group) => !/^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  return all.map((group) => parseInt(group, 16));
}

/** Where a call comes from. Pure. */
export function placeOf(sourceIp: string, userAgent: string): ClientPlace {
  const network = networkOf(sourceIp);
  const agent = userAgentFamily(userAgent);
  return { ...(network ? { network } : {}), ...(agent ? { agent } : {}), sourceIp, userAgent };
}
