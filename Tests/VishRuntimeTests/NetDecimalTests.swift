import Testing
@testable import VishRuntime

/// System.Decimal arithmetic, each row a result .NET gives (decimal's docs and
/// DecCalc: 96-bit mantissa, scale 0…28, results rounded half to even).
@Suite struct NetDecimalTests {
    static func d(_ s: String) -> NetDecimal { NetDecimal(string: s)! }

    @Test(arguments: [
        ("1.50", "1.50"), ("-0.05", "-0.05"), ("007", "7"), ("1e3", "1000"), ("1.5e-3", "0.0015"),
        ("79228162514264337593543950335", "79228162514264337593543950335"),
        ("0.12345678901234567890123456789", "0.1234567890123456789012345679"),
    ])
    func parses(_ text: String, _ shown: String) {
        #expect(NetDecimal(string: text)?.description == shown)
    }

    @Test func refusesWhatDoesNotFit() {
        #expect(NetDecimal(string: "79228162514264337593543950336") == nil)
        #expect(NetDecimal(string: "abc") == nil)
        #expect(NetDecimal.max.adding(NetDecimal(1)) == nil)
        #expect(NetDecimal.max.multiplied(by: Self.d("1.1")) == nil)
    }

    @Test(arguments: [
        ("1.50", "+", "1", "2.50"), ("1", "-", "1.5", "-0.5"), ("0.1", "*", "0.2", "0.02"),
        ("1.5", "*", "1.5", "2.25"), ("10", "/", "4", "2.5"), ("1", "/", "3", "0.3333333333333333333333333333"),
        ("2", "/", "3", "0.6666666666666666666666666667"), ("10", "/", "3", "3.3333333333333333333333333333"),
        ("100", "/", "3", "33.333333333333333333333333333"), ("1.00", "/", "1", "1.00"), ("1", "/", "0.25", "4"),
        ("7.5", "%", "2", "1.5"), ("-7.5", "%", "2", "-1.5"), ("0.3", "-", "0.1", "0.2"),
    ])
    func arithmetic(_ a: String, _ op: String, _ b: String, _ result: String) {
        let x = Self.d(a), y = Self.d(b)
        let r: NetDecimal?
        switch op {
        case "+": r = x.adding(y)
        case "-": r = x.subtracting(y)
        case "*": r = x.multiplied(by: y)
        case "/": r = x.divided(by: y)
        default: r = x.remainder(dividingBy: y)
        }
        #expect(r?.description == result)
    }

    @Test(arguments: [(0.1, "0.1"), (0.1 + 0.2, "0.3"), (1e-5, "0.00001"), (2.5, "2.5"), (100.0, "100"), (-1.25, "-1.25")])
    func fromDouble(_ v: Double, _ shown: String) {
        #expect(NetDecimal(double: v)?.description == shown)
    }

    /// A decimal fits where a string does: `Value` stays 24 bytes a slot.
    @Test func staysSmall() {
        #expect(MemoryLayout<NetDecimal>.size <= 16)
        #expect(MemoryLayout<Value>.stride <= 24)
    }

    @Test func roundsAndCompares() {
        #expect(Self.d("2.5").rounded(.toEven).description == "2")
        #expect(Self.d("3.5").rounded(.toEven).description == "4")
        #expect(Self.d("2.5").rounded(.awayFromZero).description == "3")
        #expect(Self.d("-2.1").rounded(.down).description == "-3")
        #expect(Self.d("-2.9").rounded(.towardZero).description == "-2")
        #expect(Self.d("1.005").rounded(places: 2, .toEven).description == "1.00")
        #expect(Self.d("1.5") == Self.d("1.50"))
        #expect(NetDecimal.compare(Self.d("-1"), Self.d("0.5")) == -1)
        #expect(Self.d("2.5").int64Rounded == 2)
        #expect(Self.d("1.5").doubleValue == 1.5)
    }
}
