import Foundation

/// System.Numerics.BigInteger: a signed integer of any size, as sign and magnitude in
/// 32-bit limbs (little-endian, no high zero limbs; zero is no limbs and not negative).
/// Division truncates toward zero and the remainder takes the dividend's sign, as .NET's.
public struct BigInt: Equatable, Hashable, Comparable, CustomStringConvertible, Sendable {
    private(set) var limbs: [UInt32]
    private(set) var negative: Bool

    private init(limbs: [UInt32], negative: Bool) {
        var l = limbs
        while l.last == 0 { l.removeLast() }
        self.limbs = l
        self.negative = l.isEmpty ? false : negative
    }

    public init(_ v: Int64) {
        let m = v.magnitude
        self.init(limbs: [UInt32(truncatingIfNeeded: m), UInt32(truncatingIfNeeded: m >> 32)], negative: v < 0)
    }

    public init(_ v: UInt64) {
        self.init(limbs: [UInt32(truncatingIfNeeded: v), UInt32(truncatingIfNeeded: v >> 32)], negative: false)
    }

    /// The integer part of `d` (toward zero, as `(BigInteger)d`); nil for NaN and infinities.
    public init?(truncating d: Double) {
        guard d.isFinite else { return nil }
        var r = abs(d).rounded(.towardZero)
        var limbs: [UInt32] = []
        while r >= 1 {
            let q = (r / 4_294_967_296).rounded(.towardZero)
            limbs.append(UInt32(r - q * 4_294_967_296))
            r = q
        }
        self.init(limbs: limbs, negative: d < 0)
    }

    /// Decimal digits with an optional sign and surrounding blanks (BigInteger.Parse).
    public init?(_ text: String) {
        var s = Substring(text.trimmingCharacters(in: .whitespaces))
        var negative = false
        if s.first == "-" || s.first == "+" {
            negative = s.first == "-"
            s = s.dropFirst()
        }
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var value = BigInt(limbs: [], negative: false)
        for c in s.utf8 { value = value.multipliedAdding(10, UInt32(c - 0x30)) }
        self.init(limbs: value.limbs, negative: negative)
    }

    public static let zero = BigInt(limbs: [], negative: false)
    public var isZero: Bool { limbs.isEmpty }

    /// The value as Int64 when it fits.
    public var int64: Int64? {
        guard limbs.count <= 2 else { return nil }
        let m = UInt64(limbs.first ?? 0) | UInt64(limbs.count > 1 ? limbs[1] : 0) << 32
        if negative { return m <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- m) : nil }
        return m <= UInt64(Int64.max) ? Int64(m) : nil
    }

    public var double: Double {
        var d = 0.0
        for limb in limbs.reversed() { d = d * 4_294_967_296 + Double(limb) }
        return negative ? -d : d
    }

    public var description: String {
        if limbs.isEmpty { return "0" }
        var digits: [String] = []
        var rest = BigInt(limbs: limbs, negative: false)
        while !rest.isZero {
            let (q, r) = rest.dividedBy(1_000_000_000)
            digits.append(String(r))
            rest = q
        }
        var out = negative ? "-" : ""
        out += digits.last!
        for chunk in digits.dropLast().reversed() { out += String(repeating: "0", count: 9 - chunk.count) + chunk }
        return out
    }

    // MARK: Arithmetic

    public static prefix func - (a: BigInt) -> BigInt { BigInt(limbs: a.limbs, negative: !a.negative) }

    public static func + (a: BigInt, b: BigInt) -> BigInt {
        if a.negative == b.negative { return BigInt(limbs: addMagnitudes(a.limbs, b.limbs), negative: a.negative) }
        if compareMagnitudes(a.limbs, b.limbs) >= 0 {
            return BigInt(limbs: subtractMagnitudes(a.limbs, b.limbs), negative: a.negative)
        }
        return BigInt(limbs: subtractMagnitudes(b.limbs, a.limbs), negative: b.negative)
    }

    public static func - (a: BigInt, b: BigInt) -> BigInt { a + (-b) }

    public static func * (a: BigInt, b: BigInt) -> BigInt {
        guard !a.isZero && !b.isZero else { return .zero }
        var out = [UInt32](repeating: 0, count: a.limbs.count + b.limbs.count)
        for (i, x) in a.limbs.enumerated() {
            var carry: UInt64 = 0
            for (j, y) in b.limbs.enumerated() {
                let t = UInt64(x) * UInt64(y) + UInt64(out[i + j]) + carry
                out[i + j] = UInt32(truncatingIfNeeded: t)
                carry = t >> 32
            }
            out[i + b.limbs.count] = UInt32(carry)
        }
        return BigInt(limbs: out, negative: a.negative != b.negative)
    }

    /// Quotient (toward zero) and remainder (the dividend's sign); nil when `b` is zero.
    public func quotientAndRemainder(dividingBy b: BigInt) -> (quotient: BigInt, remainder: BigInt)? {
        guard !b.isZero else { return nil }
        if Self.compareMagnitudes(limbs, b.limbs) < 0 { return (.zero, self) }
        // Long division a bit at a time: simple, and fast enough for the sizes scripts use.
        var q = [UInt32](repeating: 0, count: limbs.count)
        var r = BigInt.zero
        let divisor = BigInt(limbs: b.limbs, negative: false)
        for bit in stride(from: limbs.count * 32 - 1, through: 0, by: -1) {
            r = r.shiftedLeftOne(adding: (limbs[bit / 32] >> (bit % 32)) & 1)
            if Self.compareMagnitudes(r.limbs, divisor.limbs) >= 0 {
                r = r - divisor
                q[bit / 32] |= 1 << (bit % 32)
            }
        }
        return (BigInt(limbs: q, negative: negative != b.negative), BigInt(limbs: r.limbs, negative: negative))
    }

    public static func < (a: BigInt, b: BigInt) -> Bool {
        if a.negative != b.negative { return a.negative }
        let c = compareMagnitudes(a.limbs, b.limbs)
        return a.negative ? c > 0 : c < 0
    }

    // MARK: Limbs

    private func multipliedAdding(_ m: UInt32, _ add: UInt32) -> BigInt {
        var out: [UInt32] = []
        out.reserveCapacity(limbs.count + 1)
        var carry = UInt64(add)
        for limb in limbs {
            let t = UInt64(limb) * UInt64(m) + carry
            out.append(UInt32(truncatingIfNeeded: t))
            carry = t >> 32
        }
        if carry > 0 { out.append(UInt32(carry)) }
        return BigInt(limbs: out, negative: negative)
    }

    private func dividedBy(_ d: UInt32) -> (BigInt, UInt32) {
        var out = [UInt32](repeating: 0, count: limbs.count)
        var rem: UInt64 = 0
        for i in stride(from: limbs.count - 1, through: 0, by: -1) {
            let cur = rem << 32 | UInt64(limbs[i])
            out[i] = UInt32(cur / UInt64(d))
            rem = cur % UInt64(d)
        }
        return (BigInt(limbs: out, negative: negative), UInt32(rem))
    }

    private func shiftedLeftOne(adding bit: UInt32) -> BigInt {
        var out: [UInt32] = []
        out.reserveCapacity(limbs.count + 1)
        var carry = bit
        for limb in limbs {
            out.append(limb << 1 | carry)
            carry = limb >> 31
        }
        if carry > 0 { out.append(carry) }
        return BigInt(limbs: out, negative: false)
    }

    private static func compareMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for i in stride(from: a.count - 1, through: 0, by: -1) where a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
        return 0
    }

    private static func addMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(max(a.count, b.count) + 1)
        var carry: UInt64 = 0
        for i in 0..<max(a.count, b.count) {
            let t = UInt64(i < a.count ? a[i] : 0) + UInt64(i < b.count ? b[i] : 0) + carry
            out.append(UInt32(truncatingIfNeeded: t))
            carry = t >> 32
        }
        if carry > 0 { out.append(UInt32(carry)) }
        return out
    }

    /// `a - b` for magnitudes with a >= b.
    private static func subtractMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(a.count)
        var borrow: Int64 = 0
        for i in 0..<a.count {
            var t = Int64(a[i]) - Int64(i < b.count ? b[i] : 0) - borrow
            borrow = t < 0 ? 1 : 0
            if t < 0 { t += 4_294_967_296 }
            out.append(UInt32(t))
        }
        return out
    }
}
