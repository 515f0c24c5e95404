import Foundation
/// DateTime text in en-US (standard and custom .NET format strings), and parsing of the
/// forms `[datetime]'…'` accepts (invariant culture, month first).
enum DateFormatting {
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]
    static let days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    static func format(_ d: PSDateTime, _ format: String) -> String {
        switch format {
        case "d": return custom(d, "M/d/yyyy")
        case "D": return custom(d, "dddd, MMMM d, yyyy")
        case "t": return custom(d, "h:mm tt")
        case "T": return custom(d, "h:mm:ss tt")
        case "f": return custom(d, "dddd, MMMM d, yyyy h:mm tt")
        case "F": return custom(d, "dddd, MMMM d, yyyy h:mm:ss tt")
        case "g": return custom(d, "M/d/yyyy h:mm tt")
        case "G": return custom(d, "M/d/yyyy h:mm:ss tt")
        case "M", "m": return custom(d, "MMMM d")
        case "Y", "y": return custom(d, "MMMM yyyy")
        case "s": return custom(d, "yyyy'-'MM'-'dd'T'HH':'mm':'ss")
        case "u": return custom(d, "yyyy'-'MM'-'dd HH':'mm':'ss'Z'")
        case "o", "O": return custom(d, "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK")
        default: return custom(d, format)
        }
    }

    /// Invariant `G`: what `"$date"` and `[string]$date` give.
    static func invariant(_ d: PSDateTime) -> String { custom(d, "MM/dd/yyyy HH:mm:ss") }

    static func custom(_ d: PSDateTime, _ pattern: String) -> String {
        let p = d.parts
        let chars = Array(pattern)
        var out = ""
        var i = 0
        func run(_ c: Character) -> Int {
            var n = 0
            while i + n < chars.count && chars[i + n] == c { n += 1 }
            return n
        }
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "y":
                let n = run(c)
                out += n <= 2 ? pad(p.year % 100, n) : pad(p.year, n)
                i += n
            case "M":
                let n = run(c)
                switch n {
                case 1: out += String(p.month)
                case 2: out += pad(p.month, 2)
                case 3: out += String(months[p.month - 1].prefix(3))
                default: out += months[p.month - 1]
                }
                i += n
            case "d":
                let n = run(c)
                switch n {
                case 1: out += String(p.day)
                case 2: out += pad(p.day, 2)
                case 3: out += String(days[p.dayOfWeek].prefix(3))
                default: out += days[p.dayOfWeek]
                }
                i += n
            case "H":
                let n = run(c)
                out += pad(p.hour, min(n, 2))
                i += n
            case "h":
                let n = run(c)
                let h12 = p.hour % 12 == 0 ? 12 : p.hour % 12
                out += pad(h12, min(n, 2))
                i += n
            case "m":
                let n = run(c)
                out += pad(p.minute, min(n, 2))
                i += n
            case "s":
                let n = run(c)
                out += pad(p.second, min(n, 2))
                i += n
            case "f", "F":
                let n = run(c)
                var frac = pad(Int(p.fraction), 7).prefix(n)
                if c == "F" { while frac.hasSuffix("0") { frac = frac.dropLast() } }
                out += frac
                i += n
            case "t":
                let n = run(c)
                let ampm = p.hour < 12 ? "AM" : "PM"
                out += n == 1 ? String(ampm.prefix(1)) : ampm
                i += n
            case "z":
                let n = run(c)
                out += n == 1 ? "+0" : (n == 2 ? "+00" : "+00:00")
                i += n
            case "K":
                // The kind: nothing for Unspecified, Z for Utc, the offset for Local.
                out += d.kind == .utc ? "Z" : (d.kind == .local ? "+00:00" : "")
                i += 1
            case "'", "\"":
                var j = i + 1
                while j < chars.count && chars[j] != c { out.append(chars[j]); j += 1 }
                i = j + 1
            case "\\":
                if i + 1 < chars.count { out.append(chars[i + 1]) }
                i += 2
            case "%":
                i += 1
            default:
                out.append(c)
                i += 1
            }
        }
        return out
    }
}

enum DateParsing {
    /// `yyyy-MM-dd[ HH:mm[:ss]]`, ISO `T` forms, and US `M/d/yyyy[ h:mm[:ss] [AM|PM]]`.
    static func parse(_ text: String) -> PSDateTime? {
        let s = text.trimmingCharacters(in: .whitespaces)
        var datePart = s
        var timePart = ""
        if let t = s.firstIndex(where: { $0 == "T" || $0 == " " }) {
            datePart = String(s[..<t])
            timePart = String(s[s.index(after: t)...]).trimmingCharacters(in: .whitespaces)
        }
        var year = 0, month = 0, day = 0
        let iso = datePart.split(separator: "-")
        let us = datePart.split(separator: "/")
        if iso.count == 3, let y = Int(iso[0]), let m = Int(iso[1]), let d = Int(iso[2]) {
            (year, month, day) = (y, m, d)
        } else if us.count == 3, let m = Int(us[0]), let d = Int(us[1]), let y = Int(us[2]) {
            // Two-digit years: up to 49 is this century (.NET's TwoDigitYearMax 2049).
            (year, month, day) = (us[2].count <= 2 ? (y <= 49 ? 2000 + y : 1900 + y) : y, m, d)
        } else if let named = monthNameDate(s) {
            return named
        } else {
            return nil
        }
        guard month >= 1 && month <= 12, day >= 1, day <= daysIn(year, month) else { return nil }
        var hour = 0, minute = 0, second = 0, fraction: Int64 = 0
        // A zone designator makes .NET's parse convert to local time: Kind Local.
        var kind = PSDateTime.Kind.unspecified
        if !timePart.isEmpty {
            var t = timePart.uppercased()
            var pm: Bool? = nil
            if t.hasSuffix("AM") || t.hasSuffix("PM") {
                pm = t.hasSuffix("PM")
                t = String(t.dropLast(2)).trimmingCharacters(in: .whitespaces)
            }
            if t.hasSuffix("Z") {
                t.removeLast()
                kind = .local
            }
            let pieces = t.split(separator: ":")
            guard pieces.count >= 2, let h = Int(pieces[0]), let m = Int(pieces[1]) else { return nil }
            hour = h
            minute = m
            if pieces.count > 2 {
                let secParts = pieces[2].split(separator: ".")
                second = Int(secParts[0]) ?? 0
                if secParts.count > 1 {
                    let digits = String(secParts[1].prefix(7))
                    fraction = Int64(digits + String(repeating: "0", count: 7 - digits.count)) ?? 0
                }
            }
            if let pm { hour = hour % 12 + (pm ? 12 : 0) }
            guard hour < 24, minute < 60, second < 60 else { return nil }
        }
        guard let t = PSDateTime.validTicks(year: year, month: month, day: day, hour: hour, minute: minute, second: second) else {
            return nil
        }
        return PSDateTime(ticks: t + fraction, kind: kind)
    }

    /// `Jan 1, 2020`, `January 1 2020`, `1 Jan 2020` (en-US month names).
    static func monthNameDate(_ text: String) -> PSDateTime? {
        let words = text.replacingOccurrences(of: ",", with: " ").split(separator: " ").map(String.init)
        guard words.count == 3 else { return nil }
        func month(_ w: String) -> Int? {
            let l = w.lowercased()
            guard l.count >= 3 else { return nil }
            return DateFormatting.months.firstIndex { $0.lowercased().hasPrefix(l) || l == $0.lowercased() }.map { $0 + 1 }
        }
        if let m = month(words[0]), let d = Int(words[1]), let y = Int(words[2].trimmingCharacters(in: CharacterSet(charactersIn: "Zz"))) {
            return PSDateTime.validTicks(year: y, month: m, day: d).map { PSDateTime(ticks: $0) }
        }
        if let d = Int(words[0]), let m = month(words[1]), let y = Int(words[2]) {
            return PSDateTime.validTicks(year: y, month: m, day: d).map { PSDateTime(ticks: $0) }
        }
        return nil
    }

    static func daysIn(_ y: Int, _ m: Int) -> Int {
        guard (1...12).contains(m) else { return 0 }
        let table = PSDateTime.isLeap(y) ? PSDateTime.daysToMonth366 : PSDateTime.daysToMonth365
        return table[m] - table[m - 1]
    }

    /// `[d.]hh:mm[:ss[.fff]]`.
    static func parseTimeSpan(_ text: String) -> PSTimeSpan? {
        var s = text.trimmingCharacters(in: .whitespaces)
        var negative = false
        if s.hasPrefix("-") { negative = true; s.removeFirst() }
        var days: Int64 = 0
        if let dot = s.firstIndex(of: "."), let colon = s.firstIndex(of: ":"), dot < colon {
            days = Int64(s[..<dot]) ?? 0
            s = String(s[s.index(after: dot)...])
        }
        let parts = s.split(separator: ":")
        guard parts.count >= 2, let h = Int64(parts[0]), let m = Int64(parts[1]) else {
            if let d = Int64(s) { return PSTimeSpan(ticks: (negative ? -d : d) * PSDateTime.ticksPerDay) }
            return nil
        }
        var secs: Int64 = 0, frac: Int64 = 0
        if parts.count > 2 {
            let sp = parts[2].split(separator: ".")
            secs = Int64(sp[0]) ?? 0
            if sp.count > 1 {
                let digits = String(sp[1].prefix(7))
                frac = Int64(digits + String(repeating: "0", count: 7 - digits.count)) ?? 0
            }
        }
        let ticks = days * PSDateTime.ticksPerDay + h * 36_000_000_000 + m * 600_000_000 + secs * 10_000_000 + frac
        return PSTimeSpan(ticks: negative ? -ticks : ticks)
    }
}
