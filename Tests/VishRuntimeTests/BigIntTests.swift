import Testing
@testable import VishRuntime

/// BigInteger arithmetic: against Int64 where that is exact, and against identities past it.
@Suite struct BigIntTests {
    struct Rng {
        var state: UInt64
        mutating func next() -> Int64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64(bitPattern: state) >> Int64(state % 40)
        }
    }

    @Test func matchesInt64WhereThatIsExact() {
        var rng = Rng(state: 7)
        for _ in 0..<5_000 {
            let a = rng.next() >> 2, b = rng.next() >> 2    // sums and differences fit
            let x = BigInt(a), y = BigInt(b)
            #expect((x + y).int64 == a + b)
            #expect((x - y).int64 == a - b)
            #expect((x < y) == (a < b))
            let (p, overflow) = a.multipliedReportingOverflow(by: b)
            if !overflow { #expect((x * y).int64 == p) }
            if b != 0 {
                let qr = x.quotientAndRemainder(dividingBy: y)!
                #expect(qr.quotient.int64 == a / b && qr.remainder.int64 == a % b, "\(a) / \(b)")
            }
            #expect(x.description == String(a))
            #expect(BigInt(String(a)) == x)
        }
    }

    @Test(arguments: [
        ("123456789012345678901234567890", "123456789012345678901234567890"),
        ("-000042", "-42"), ("+7", "7"), ("0", "0"), ("-0", "0"), ("  18446744073709551616 ", "18446744073709551616"),
    ])
    func parsesAndPrints(_ text: String, _ printed: String) {
        #expect(BigInt(text)?.description == printed)
    }

    @Test func refusesWhatIsNotANumber() {
        for text in ["", "-", "1.5", "12a", "0x10", "1e3"] { #expect(BigInt(text) == nil, "\(text)") }
    }

    @Test func identitiesPastInt64() throws {
        let ten30 = try #require(BigInt("1" + String(repeating: "0", count: 30)))
        let one = BigInt(Int64(1))
        #expect(((ten30 + one) * (ten30 - one)).description == "9" + String(repeating: "9", count: 59))
        let big = try #require(BigInt("98765432109876543210987654321"))
        let d = try #require(BigInt("12345678901234567"))
        let qr = try #require(big.quotientAndRemainder(dividingBy: d))
        #expect(qr.quotient * d + qr.remainder == big)
        #expect(qr.remainder < d && !qr.remainder.negativeForTests)
        let nqr = try #require((-big).quotientAndRemainder(dividingBy: d))
        #expect(nqr.quotient == -qr.quotient && nqr.remainder == -qr.remainder)    // toward zero, dividend's sign
        #expect(big.quotientAndRemainder(dividingBy: .zero) == nil)
        #expect(BigInt(UInt64.max).description == "18446744073709551615")
        #expect(BigInt(Int64.min).int64 == Int64.min && BigInt(UInt64.max).int64 == nil)
        #expect(BigInt(truncating: 2.9)?.description == "2" && BigInt(truncating: -2.9)?.description == "-2")
        #expect(BigInt(truncating: 1e30)?.double == 1e30)
        #expect(BigInt(truncating: .nan) == nil)
    }
}

extension BigInt {
    var negativeForTests: Bool { self < .zero }
}
