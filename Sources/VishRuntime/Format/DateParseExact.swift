/// `[datetime]::ParseExact(text, format, provider)`: the text must match the custom format
/// (`yyyy yy MM M MMM dd d HH H hh h mm m ss s f… tt`, quoted or `\`-escaped literals)
/// exactly, as .NET's DateTime.ParseExact requires (invariant culture names).
enum DateParseExact {
    static func parse(_ text: String, _ format: String) -> PSDateTime? {
        let t = Array(text), f = Array(format)
        var i = 0, j = 0
        var year = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0, fraction = 0
        var pm: Bool? = nil
        var hour12 = false

        func number(maxDigits: Int, minDigits: Int) -> Int? {
            var n = 0, count = 0
            while i < t.count, count < maxDigits, let d = t[i].wholeNumberValue, t[i].isASCII {
                n = n * 10 + d
                i += 1
                count += 1
            }
            return count >= minDigits ? n : nil
        }
        func run(_ c: Character) -> Int {
            var n = 0
            while j + n < f.count && f[j + n] == c { n += 1 }
            return n
        }
        while j < f.count {
            let c = f[j]
            switch c {
            case "y":
                let n = run("y")
                guard let v = number(maxDigits: n <= 2 ? 2 : max(4, n), minDigits: n <= 2 ? n : n) else { return nil }
                year = n <= 2 ? (v < 50 ? 2000 + v : 1900 + v) : v
                j += n
            case "M":
                let n = run("M")
                if n >= 3 {
                    let names = n == 3 ? DateFormatting.months.map { String($0.prefix(3)) } : DateFormatting.months
                    guard let k = names.firstIndex(where: { name in
                        i + name.count <= t.count && String(t[i..<i + name.count]).caseInsensitiveCompare(name) == .orderedSame
                    }) else { return nil }
                    month = k + 1
                    i += names[k].count
                } else {
                    guard let v = number(maxDigits: 2, minDigits: n) else { return nil }
                    month = v
                }
                j += n
            case "d":
                let n = run("d")
                if n >= 3 {
                    // A day name is read and checked only for its spelling.
                    let names = n == 3 ? DateFormatting.days.map { String($0.prefix(3)) } : DateFormatting.days
                    guard let k = names.firstIndex(where: { name in
                        i + name.count <= t.count && String(t[i..<i + name.count]).caseInsensitiveCompare(name) == .orderedSame
                    }) else { return nil }
                    i += names[k].count
                } else {
                    guard let v = number(maxDigits: 2, minDigits: n) else { return nil }
                    day = v
                }
                j += n
            case "H", "h", "m", "s":
                let n = run(c)
                guard let v = number(maxDigits: 2, minDigits: n) else { return nil }
                switch c {
                case "H": hour = v
                case "h": hour = v; hour12 = true
                case "m": minute = v
                default: second = v
                }
                j += n
            case "f", "F":
                let n = run(c)
                let start = i
                guard let v = number(maxDigits: n, minDigits: c == "f" ? n : 0) else { return nil }
                var scaled = v
                for _ in 0..<(7 - (i - start)) { scaled *= 10 }
                fraction = scaled
                j += n
            case "t":
                let n = run("t")
                let marks = n == 1 ? ["A", "P"] : ["AM", "PM"]
                guard let k = marks.firstIndex(where: { m in
                    i + m.count <= t.count && String(t[i..<i + m.count]).uppercased() == m
                }) else { return nil }
                pm = k == 1
                i += marks[k].count
                j += n
            case "'", "\"":
                var k = j + 1
                while k < f.count && f[k] != c {
                    guard i < t.count, t[i] == f[k] else { return nil }
                    i += 1
                    k += 1
                }
                j = k + 1
            case "\\":
                guard j + 1 < f.count, i < t.count, t[i] == f[j + 1] else { return nil }
                i += 1
                j += 2
            default:
                guard i < t.count, t[i] == c else { return nil }
                i += 1
                j += 1
            }
        }
        guard i == t.count else { return nil }
        if hour12 || pm != nil {
            guard (1...12).contains(hour) || !hour12 else { return nil }
            if let pm { hour = pm ? (hour % 12) + 12 : hour % 12 }
        }
        guard let ticks = PSDateTime.validTicks(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        else { return nil }
        return PSDateTime(ticks: ticks + Int64(fraction))
    }
}
