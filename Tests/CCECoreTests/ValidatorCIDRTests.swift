import CCECore
import Testing

@Suite("Validator: CIDR and IP addresses")
struct ValidatorCIDRTests {
    @Test(arguments: [
        "10.0.0.0/8", "0.0.0.0/0", "255.255.255.255/32", "172.16.0.0/16", "192.168.1.0/24",
        "::/0", "::1/128", "fd00::/8", "2001:db8::/32", "2001:DB8:0:0:0:0:0:0/64", "::ffff:10.0.0.0/104",
        "1:2:3:4:5:6:7:8/128", "1::/16", "1:2:3:4:5:6:7::/112",
    ])
    func parsesValid(_ text: String) {
        #expect(CIDR(text) != nil, "\(text)")
    }

    @Test(arguments: [
        "", "10.0.0.0", "10.0.0.0/", "/8", "10.0.0.0/33", "10.0.0/8", "10.0.0.0.0/8", "256.0.0.0/8",
        "010.0.0.0/8", "10.0.0.0/08", "10.0.0.0/-1", "10.0.0.0/8/8", " 10.0.0.0/8", "10.0.0.0/8 ",
        "::/129", "1::2::3/64", ":1/64", "1:/64", "1:2:3:4:5:6:7:8:9/64", "12345::/16", "g::/16",
        "1.2.3.4::/64", "fe80::1%eth0/64", "a/b", "10.0.0.0/1000",
    ])
    func refusesInvalid(_ text: String) {
        #expect(CIDR(text) == nil, "\(text)")
    }

    @Test func canonicalFormAndHostBits() throws {
        let c = try #require(CIDR("172.16.5.7/16"))
        #expect(c.description == "172.16.0.0/16")
        #expect(c.hasHostBits)
        #expect(try #require(CIDR("172.16.0.0/16")).hasHostBits == false)
        #expect(try #require(CIDR("2001:DB8:0:0::1/32")).description == "2001:db8::/32")
        #expect(try #require(CIDR("::/0")).description == "::/0")
        #expect(try #require(CIDR("1:0:0:1:0:0:0:1/128")).description == "1:0:0:1::1/128")
        #expect(try #require(CIDR("::ffff:10.1.2.3/128")).description == "::ffff:a01:203/128")
    }

    @Test func containment() throws {
        let ten = try #require(CIDR("10.0.0.0/8"))
        let sub = try #require(CIDR("10.247.0.0/16"))
        let other = try #require(CIDR("11.0.0.0/8"))
        #expect(ten.contains(sub))
        #expect(!sub.contains(ten))
        #expect(ten.contains(ten))
        #expect(!ten.contains(other))
        #expect(try #require(CIDR("0.0.0.0/0")).contains(other))
        let v6 = try #require(CIDR("2001:db8::/32"))
        #expect(v6.contains(try #require(CIDR("2001:db8:ffff::/48"))))
        #expect(!v6.contains(try #require(CIDR("2001:db9::/48"))))
        // Families never mix, not even ::/0 and 0.0.0.0/0.
        #expect(!(try #require(CIDR("::/0"))).contains(ten))
        #expect(!ten.overlaps(try #require(CIDR("::/0"))))
    }

    @Test func overlap() throws {
        let a = try #require(CIDR("172.16.0.0/16"))
        #expect(a.overlaps(try #require(CIDR("172.16.128.0/17"))))
        #expect(try #require(CIDR("172.16.128.0/17")).overlaps(a))
        #expect(!a.overlaps(try #require(CIDR("172.17.0.0/16"))))
        #expect(try #require(CIDR("172.16.0.0/12")).overlaps(try #require(CIDR("172.31.255.0/24"))))
        #expect(!(try #require(CIDR("172.16.0.0/12"))).overlaps(try #require(CIDR("172.32.0.0/24"))))
        // Prefix lengths that straddle the two 64-bit halves of an IPv6 address.
        let v6 = try #require(CIDR("fd00:0:0:1:8000::/65"))
        #expect(try #require(CIDR("fd00:0:0:1::/64")).contains(v6))
        #expect(!v6.overlaps(try #require(CIDR("fd00:0:0:1::/65"))))
    }

    @Test func addressOrCIDR() throws {
        let host = try #require(CIDR(addressOrCIDR: "10.0.0.1"))
        #expect(host.description == "10.0.0.1/32")
        #expect(try #require(CIDR("10.0.0.0/24")).contains(host))
        #expect(try #require(CIDR(addressOrCIDR: "::1")).prefixLength == 128)
        #expect(CIDR(addressOrCIDR: "nope") == nil)
    }

    @Test(arguments: ["1.2.3.4", "0.0.0.0", "::", "::1", "2001:db8::8a2e:370:7334", "::ffff:192.0.2.1", "FE80::1"])
    func addressesParse(_ text: String) {
        #expect(IPAddress(text) != nil)
    }

    @Test(arguments: [
        "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.256", "1.2.3.4 ", "::1::", "2001:db8:::1", "example.com", "",
    ])
    func nonAddressesRefused(_ text: String) {
        #expect(IPAddress(text) == nil)
    }
}
