/// System.Decimal as .NET has it: a 96-bit integer and a scale of 0…28 (value =
/// mantissa / 10^scale), so that `1.50d` keeps its two places, `10d / 4` is 2.5 and
/// `1d / 3` has 28 of them, results round half to even when they must lose digits, and
/// a result that does not fit is an overflow, not a rounded-off number. (Foundation's
/// Decimal keeps 38 digits and drops trailing zeros: it prints neither like pwsh.)
public struct NetDecimal: Hashable, Sendable, CustomStringConvertible {
    // Stored in 14 bytes (the 96-bit mantissa as 64 + 32 bits), so that a `Value` holding
    // one stays as small as one holding a string.
    private var low: UInt64
    private var high: UInt32
    private var storedScale: UInt8
    public private(set) var negative: Bool

    /// Below 2^96.
    public private(set) var mantissa: UInt128 {
        get { UInt128(high) << 64 | UInt128(low) }
        set {
            low = UInt64(truncatingIfNeeded: newValue)
            high = UInt32(truncatingIfNeeded: newValue >> 64)
        }
    }

    public private(set) var scale: Int {
        get { Int(storedScale) }
        set { storedScale = UInt8(newValue) }
    }

    static let limit: UInt128 = 1 << 96
    static let maxScale = 28

    public static let zero = NetDecimal(mantissa: 0, scale: 0, negative: false)
    public static let max = NetDecimal(mantissa: limit - 1, scale: 0, negative: false)
    public static let min = NetDecimal(mantissa: limit - 1, scale: 0, negative: true)

    init(mantissa: UInt128, scale: Int, negative: Bool) {
        low = UInt64(truncatingIfNeeded: mantissa)
        high = UInt32(truncatingIfNeeded: mantissa >> 64)
        storedScale = UInt8(scale)
        self.negative = negative && mantissa != 0
    }

    public init(_ i: Int64) {
        self.init(mantissa: UInt128(i.magnitude), scale: 0, negative: i < 0)
    }

    public init(_ i: Int) { self.init(Int64(i)) }

    /// `Convert.ToDecimal(double)`: the double to 15 significant digits, without trailing
    /// zeros (0.1 + 0.2 becomes 0.3). Nil when out of range (or not a number).
    public init?(double d: Double) {
        guard d.isFinite else { return nil }
        if d == 0 { self = .zero; return }
        guard let parsed = NetDecimal(string: String(format: "%.14e", d)) else { return nil }
        self = parsed.trimmingZeros
    }

    /// Decimal text as Decimal.Parse reads it (invariant culture): sign, digits, point,
    /// exponent. Digits past what fits are rounded half to even; nil when it overflows.
    public init?(string text: String) {
        var s = Substring(text.trimmingCharacters(in: .whitespaces))
        var negative = false
        if s.first == "-" || s.first == "+" { negative = s.first == "-"; s = s.dropFirst() }
        var digits: [UInt8] = []
        var pointAt: Int? = nil
        var exponent = 0
        var sawDigit = false
        while let c = s.first {
            if let d = c.wholeNumberValue, c.isASCII {
                digits.append(UInt8(d))
                sawDigit = true
            } else if c == "." && pointAt == nil {
                pointAt = digits.count
            } else if c == "," {
                // group separators are allowed by NumberStyles.Number
            } else if c == "e" || c == "E" {
                guard let e = Int(s.dropFirst()) else { return nil }
                exponent = e
                s = ""
                break
            } else {
                return nil
            }
            s = s.dropFirst()
        }
        guard sawDigit else { return nil }
        // value = digits × 10^(exponent − fraction digits); digits far past any that can
        // count (70) only decide a rounding.
        var scale = (pointAt.map { digits.count - $0 } ?? 0) - exponent
        var wide = Wide(0)
        var used = 0
        var sticky = false
        for d in digits {
            if used < 70 {
                wide = wide.times(10).plus(UInt128(d))
                if wide.hi != 0 || wide.lo != 0 { used += 1 }
            } else {
                if d != 0 { sticky = true }
                scale -= 1
            }
        }
        if scale < 0 {
            guard -scale <= 40 else { return nil }
            wide = wide.times(power: -scale)
            scale = 0
        }
        guard let r = NetDecimal.normalized(wide, scale: scale, negative: negative, sticky: sticky) else { return nil }
        self = r
    }

    public var isZero: Bool { mantissa == 0 }

    /// `ToString()`: every digit of the scale (`1.50`), no exponent.
    public var description: String {
        var digits = String(mantissa)
        if scale > 0 {
            if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        }
        return (negative ? "-" : "") + digits
    }

    /// The nearest double (through its text: correctly rounded).
    public var doubleValue: Double { Double(description) ?? 0 }

    /// The same value with no trailing zeros after the point.
    var trimmingZeros: NetDecimal {
        var r = self
        while r.scale > 0 && r.mantissa % 10 == 0 {
            r.mantissa /= 10
            r.scale -= 1
        }
        return r
    }

    // MARK: Arithmetic (nil: overflow)

    public func adding(_ other: NetDecimal) -> NetDecimal? {
        let scale = Swift.max(self.scale, other.scale)
        let a = Wide(mantissa).times(power: scale - self.scale)
        let b = Wide(other.mantissa).times(power: scale - other.scale)
        if negative == other.negative {
            return .normalized(a.plus(b), scale: scale, negative: negative)
        }
        // Different signs: the larger magnitude decides the sign.
        if a < b { return .normalized(b.minus(a), scale: scale, negative: other.negative) }
        return .normalized(a.minus(b), scale: scale, negative: negative)
    }

    public func subtracting(_ other: NetDecimal) -> NetDecimal? { adding(other.negated) }

    public func multiplied(by other: NetDecimal) -> NetDecimal? {
        let p = mantissa.multipliedFullWidth(by: other.mantissa)
        return .normalized(Wide(hi: p.high, lo: p.low), scale: scale + other.scale, negative: negative != other.negative)
    }

    /// Nil when `other` is zero (the caller reports the division by zero) or on overflow.
    public func divided(by other: NetDecimal) -> NetDecimal? {
        guard !other.isZero else { return nil }
        let den = other.mantissa
        var scale = self.scale - other.scale
        var q = mantissa / den
        var r = mantissa % den
        // More digits while they are exact or the scale is below zero, as long as they fit.
        while scale < 0 || (r != 0 && scale < Self.maxScale) {
            let digit = (r * 10) / den
            let next = q.multipliedReportingOverflow(by: 10)
            if next.overflow || next.partialValue + digit >= Self.limit {
                if scale < 0 { return nil }
                break
            }
            q = next.partialValue + digit
            r = (r * 10) % den
            scale += 1
        }
        if r != 0 {
            let twice = r * 2
            if twice > den || (twice == den && q % 2 == 1) { q += 1 }
        }
        return .normalized(Wide(q), scale: scale, negative: negative != other.negative)
    }

    /// `%`: the remainder of truncated division, at the larger scale.
    public func remainder(dividingBy other: NetDecimal) -> NetDecimal? {
        guard !other.isZero else { return nil }
        let scale = Swift.max(self.scale, other.scale)
        let a = Wide(mantissa).times(power: scale - self.scale)
        let b = Wide(other.mantissa).times(power: scale - other.scale)
        return .normalized(a.remainder(b), scale: scale, negative: negative)
    }

    public var negated: NetDecimal { NetDecimal(mantissa: mantissa, scale: scale, negative: !negative) }
    public var magnitude: NetDecimal { NetDecimal(mantissa: mantissa, scale: scale, negative: false) }

    // MARK: Rounding

    public enum Rounding { case toEven, awayFromZero, towardZero, down, up }

    /// Rounded to `places` decimals (Math.Round, Floor, Ceiling, Truncate).
    public func rounded(places: Int = 0, _ rule: Rounding) -> NetDecimal {
        guard scale > places else { return self }
        var q = mantissa
        var last: UInt128 = 0
        var sticky = false
        for _ in 0 ..< (scale - places) {
            if last != 0 { sticky = true }
            last = q % 10
            q /= 10
        }
        let exact = last == 0 && !sticky
        let up: Bool
        switch rule {
        case .toEven: up = last > 5 || (last == 5 && (sticky || q % 2 == 1))
        case .awayFromZero: up = last >= 5
        case .towardZero: up = false
        case .down: up = negative && !exact
        case .up: up = !negative && !exact
        }
        if up { q += 1 }
        return NetDecimal(mantissa: q, scale: places, negative: negative)
    }

    /// The integral value rounded half to even ([int] and [long] casts), if it fits.
    public var int64Rounded: Int64? {
        let r = rounded(.toEven)
        guard r.mantissa <= UInt128(Int64.max) + (r.negative ? 1 : 0) else { return nil }
        return r.negative ? Int64(truncatingIfNeeded: 0 &- r.mantissa) : Int64(r.mantissa)
    }

    // MARK: Comparison

    public static func == (a: NetDecimal, b: NetDecimal) -> Bool { compare(a, b) == 0 }

    public func hash(into h: inout Hasher) {
        let t = trimmingZeros
        h.combine(t.mantissa)
        h.combine(t.scale)
        h.combine(t.negative)
    }

    /// -1, 0 or 1 (1.5 and 1.50 are equal).
    public static func compare(_ a: NetDecimal, _ b: NetDecimal) -> Int {
        if a.isZero && b.isZero { return 0 }
        if a.negative != b.negative { return a.negative ? -1 : 1 }
        let scale = Swift.max(a.scale, b.scale)
        let x = Wide(a.mantissa).times(power: scale - a.scale)
        let y = Wide(b.mantissa).times(power: scale - b.scale)
        let c = x < y ? -1 : (x == y ? 0 : 1)
        return a.negative ? -c : c
    }

    /// A wide result brought into range: digits dropped from the right (rounding half to
    /// even, `lastDropped`/`sticky` being digits already dropped) until it fits 96 bits
    /// at a scale of at most 28; nil when it cannot.
    static func normalized(_ value: Wide, scale: Int, negative: Bool, lastDropped: UInt8 = 0, sticky: Bool = false) -> NetDecimal? {
        var w = value
        var s = scale
        var last = UInt128(lastDropped)
        var rest = sticky
        while s > maxScale || !w.fits(under: limit) {
            guard s > 0 else { return nil }
            if last != 0 { rest = true }
            let (q, d) = w.dividedBy10()
            w = q
            last = UInt128(d)
            s -= 1
        }
        var m = w.lo
        if last > 5 || (last == 5 && (rest || m % 2 == 1)) {
            m += 1
            if m == limit {
                guard s > 0 else { return nil }
                m /= 10
                s -= 1
            }
        }
        return NetDecimal(mantissa: m, scale: s, negative: negative)
    }
}

/// A 256-bit unsigned integer, for the intermediate results of decimal arithmetic.
struct Wide: Comparable {
    var hi: UInt128
    var lo: UInt128

    init(_ x: UInt128) { hi = 0; lo = x }
    init(hi: UInt128, lo: UInt128) { self.hi = hi; self.lo = lo }

    func fits(under limit: UInt128) -> Bool { hi == 0 && lo < limit }

    func times(_ m: UInt128) -> Wide {
        let low = lo.multipliedFullWidth(by: m)
        return Wide(hi: hi &* m &+ low.high, lo: low.low)
    }

    func times(power n: Int) -> Wide {
        var r = self
        for _ in 0 ..< Swift.max(0, n) { r = r.times(10) }
        return r
    }

    func plus(_ x: UInt128) -> Wide { plus(Wide(x)) }

    func plus(_ o: Wide) -> Wide {
        let (l, carry) = lo.addingReportingOverflow(o.lo)
        return Wide(hi: hi &+ o.hi &+ (carry ? 1 : 0), lo: l)
    }

    /// `self - o`, for `self >= o`.
    func minus(_ o: Wide) -> Wide {
        let (l, borrow) = lo.subtractingReportingOverflow(o.lo)
        return Wide(hi: hi &- o.hi &- (borrow ? 1 : 0), lo: l)
    }

    func dividedBy10() -> (Wide, UInt8) {
        let qh = hi / 10, rh = hi % 10
        let (ql, r) = UInt128(10).dividingFullWidth((high: rh, low: lo))
        return (Wide(hi: qh, lo: ql), UInt8(r))
    }

    /// `self % o` by shift-and-subtract (the operands are at most a few hundred bits).
    func remainder(_ o: Wide) -> Wide {
        if self < o { return self }
        var r = Wide(0)
        for bit in stride(from: 255, through: 0, by: -1) {
            r = r.shiftedLeft()
            if (bit >= 128 ? (hi >> UInt128(bit - 128)) & 1 : (lo >> UInt128(bit)) & 1) == 1 { r.lo |= 1 }
            if r >= o { r = r.minus(o) }
        }
        return r
    }

    private func shiftedLeft() -> Wide { Wide(hi: (hi << 1) | (lo >> 127), lo: lo << 1) }

    static func < (a: Wide, b: Wide) -> Bool { a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo }
}
