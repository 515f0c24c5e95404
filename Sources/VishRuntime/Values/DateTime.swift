/// System.DateTime: 100-ns ticks since 0001-01-01 in the proleptic Gregorian calendar,
/// the same arithmetic .NET uses, so dates print and compare as in pwsh.
public final class PSDateTime: PSObjectBase {
    public let ticks: Int64
    /// System.DateTimeKind. The simulated machine's local time is UTC, so Local and Utc
    /// differ only in how they print (`o` and `K`: `+00:00` or `Z`) and in `.Kind`.
    public enum Kind: Int, Sendable { case unspecified = 0, utc = 1, local = 2 }
    public let kind: Kind
    /// Get-Date -DisplayHint: how the default view shows it (Date, Time or DateTime).
    public var displayHint = "DateTime"
    public init(ticks: Int64, kind: Kind = .unspecified) {
        self.ticks = ticks
        self.kind = kind
    }

    public var kindName: String { ["Unspecified", "Utc", "Local"][kind.rawValue] }

    public static let ticksPerSecond: Int64 = 10_000_000
    public static let ticksPerDay: Int64 = 864_000_000_000
    static let daysToMonth365 = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365]
    static let daysToMonth366 = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366]

    public static func isLeap(_ y: Int) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

    /// The ticks of a date and time, or nil when it is not one (month 13, February 30…).
    public static func validTicks(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                                  millisecond: Int = 0) -> Int64? {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= DateParsing.daysIn(year, month),
              (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second), (0...999).contains(millisecond)
        else { return nil }
        return ticks(year: year, month: month, day: day, hour: hour, minute: minute, second: second, millisecond: millisecond)
    }

    public static func ticks(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0) -> Int64 {
        let table = isLeap(year) ? daysToMonth366 : daysToMonth365
        let y = year - 1
        let days = y * 365 + y / 4 - y / 100 + y / 400 + table[month - 1] + day - 1
        let time = Int64(hour) * 36_000_000_000 + Int64(minute) * 600_000_000 + Int64(second) * ticksPerSecond
            + Int64(millisecond) * 10_000
        return Int64(days) * ticksPerDay + time
    }

    public struct Parts {
        public var year, month, day, hour, minute, second, millisecond, dayOfWeek, dayOfYear: Int
        public var fraction: Int64 // ticks within the second
    }

    public var parts: Parts { PSDateTime.parts(ticks) }

    public static func parts(_ ticks: Int64) -> Parts {
        var n = Int(ticks / ticksPerDay)
        let dayOfWeek = (n + 1) % 7 // 0001-01-01 was a Monday; 0 = Sunday
        let y400 = n / 146_097; n -= y400 * 146_097
        var y100 = n / 36_524; if y100 == 4 { y100 = 3 }; n -= y100 * 36_524
        let y4 = n / 1_461; n -= y4 * 1_461
        var y1 = n / 365; if y1 == 4 { y1 = 3 }
        let year = y400 * 400 + y100 * 100 + y4 * 4 + y1 + 1
        n -= y1 * 365
        let dayOfYear = n + 1
        let table = (y1 == 3 && (y4 != 24 || y100 == 3)) ? daysToMonth366 : daysToMonth365
        var m = (n >> 5) + 1
        while n >= table[m] { m += 1 }
        let day = n - table[m - 1] + 1
        let t = ticks % ticksPerDay
        return Parts(year: year, month: m, day: day, hour: Int(t / 36_000_000_000), minute: Int(t / 600_000_000 % 60),
                     second: Int(t / ticksPerSecond % 60), millisecond: Int(t / 10_000 % 1000), dayOfWeek: dayOfWeek,
                     dayOfYear: dayOfYear, fraction: t % ticksPerSecond)
    }

    public override var typeName: String { "System.DateTime" }
    public override var typeNames: [String] { ["System.DateTime", "System.ValueType", "System.Object"] }

    /// PowerShell's conversion to string uses the invariant culture: `01/05/2026 09:00:00`
    /// (`ToString()` and output use en-US instead).
    public override func toString(_ context: ConversionContext) -> String {
        DateFormatting.invariant(self)
    }
}

/// System.TimeSpan.
public final class PSTimeSpan: PSObjectBase {
    public let ticks: Int64
    public init(ticks: Int64) { self.ticks = ticks }
    public override var typeName: String { "System.TimeSpan" }
    public override var typeNames: [String] { ["System.TimeSpan", "System.ValueType", "System.Object"] }

    /// `[-][d.]hh:mm:ss[.fffffff]`.
    public override func toString(_ context: ConversionContext) -> String {
        var t = ticks
        var out = ""
        if t < 0 { out = "-"; t = -t }
        let days = t / PSDateTime.ticksPerDay
        let rem = t % PSDateTime.ticksPerDay
        let h = rem / 36_000_000_000, m = rem / 600_000_000 % 60, s = rem / 10_000_000 % 60, f = rem % 10_000_000
        if days > 0 { out += "\(days)." }
        out += pad2(h) + ":" + pad2(m) + ":" + pad2(s)
        if f > 0 {
            let digits = String(f)
            out += "." + String(repeating: "0", count: 7 - digits.count) + digits
        }
        return out
    }

    private func pad2(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
}

/// `TimeSpan.ToString(format)`: the standard "c", "g" and "G" formats and custom ones
/// (`d`, `hh`, `mm`, `ss`, `f`…`fffffff`, `F`…, `\`-escaped and quoted literals).
enum TimeSpanFormatting {
    static func format(_ t: PSTimeSpan, _ format: String) throws -> String {
        let negative = t.ticks < 0
        let ticks = negative ? -t.ticks : t.ticks
        let days = ticks / PSDateTime.ticksPerDay
        let rem = ticks % PSDateTime.ticksPerDay
        let h = rem / 36_000_000_000, m = rem / 600_000_000 % 60, s = rem / 10_000_000 % 60, f = rem % 10_000_000
        func pad(_ v: Int64, _ n: Int) -> String {
            let text = String(v)
            return String(repeating: "0", count: max(0, n - text.count)) + text
        }
        switch format {
        case "", "c", "t", "T": return t.toString(ConversionContext())
        case "g":
            // [-][d:]h:mm:ss[.FFFFFFF]
            var out = negative ? "-" : ""
            if days > 0 { out += "\(days):" }
            out += "\(h):" + pad(m, 2) + ":" + pad(s, 2)
            if f > 0 {
                var frac = pad(f, 7)
                while frac.hasSuffix("0") { frac.removeLast() }
                out += "." + frac
            }
            return out
        case "G":
            return (negative ? "-" : "") + "\(days):" + pad(h, 2) + ":" + pad(m, 2) + ":" + pad(s, 2) + "." + pad(f, 7)
        default: break
        }
        let chars = Array(format)
        var out = ""
        var i = 0
        func run(_ c: Character) -> Int {
            var n = 0
            while i + n < chars.count && chars[i + n] == c { n += 1 }
            return n
        }
        let invalid = MethodError(message: "Input string was not in a correct format.", id: "FormatException")
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "d":
                let n = run("d")
                if n > 8 { throw invalid }
                out += pad(days, n)
                i += n
            case "h", "m", "s":
                let n = run(c)
                if n > 2 { throw invalid }
                let v = c == "h" ? h : (c == "m" ? m : s)
                out += pad(v, n)
                i += n
            case "f", "F":
                let n = run(c)
                if n > 7 { throw invalid }
                var digits = String(pad(f, 7).prefix(n))
                if c == "F" { while digits.hasSuffix("0") { digits.removeLast() } }
                out += digits
                i += n
            case "\\":
                guard i + 1 < chars.count else { throw invalid }
                out.append(chars[i + 1])
                i += 2
            case "'", "\"":
                var j = i + 1
                while j < chars.count && chars[j] != c { out.append(chars[j]); j += 1 }
                if j >= chars.count { throw invalid }
                i = j + 1
            default:
                // Any other character must be escaped in a TimeSpan format.
                throw invalid
            }
        }
        return out
    }
}
