import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text encodings a CSV file may be written in. Excel in a Chinese locale saves
/// "CSV (逗号分隔)" in GBK, which GB18030 contains; "CSV UTF-8" and most tools write UTF-8.
public enum FileEncoding: String, CaseIterable, Sendable {
    case utf8 = "utf-8"
    case gb18030

    /// As the import summary names it.
    public var label: String { self == .utf8 ? "UTF-8" : "GB18030" }
}

/// A file's bytes as text, and how they were read.
struct DecodedText {
    var text: String
    /// `UTF-8`, `UTF-8 with BOM` or `GB18030`: what the import summary says was read.
    var label: String
    /// Some bytes were not valid in that encoding; each became U+FFFD, and the importer stops
    /// at the first row holding one, naming its column.
    var hasInvalidBytes: Bool
    /// What the reason of that error says.
    var invalidReason: String
    /// The text holds NUL characters, which SQLite would cut a text at: the importer refuses
    /// the first field holding one.
    var hasNUL = false

    /// Throws for the first field holding an invalid byte (U+FFFD) or a NUL, naming its column.
    /// Costs nothing for the usual file, which has neither.
    func check(_ fields: [String], header: [String], file: String, row: Int) throws {
        guard hasInvalidBytes || hasNUL else { return }
        for (i, field) in fields.enumerated() {
            let reason = hasInvalidBytes && field.contains("\u{FFFD}") ? invalidReason
                : hasNUL && field.utf8.contains(0) ? "holds a NUL character (byte 0), which no text may hold" : nil
            guard let reason else { continue }
            let column = i < header.count ? header[i].trimmingCharacters(in: .whitespaces) : nil
            throw ImportError(file: file, row: row, column: column,
                              value: row == 1 ? nil : field.replacingOccurrences(of: "\0", with: "\\0"), reason: reason)
        }
    }
}

enum TextDecoding {
    /// `forced` nil: UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GB18030
    /// through the system's converter (iconv). A file that is mostly valid UTF-8 with a few bad
    /// bytes is read as broken UTF-8, not as GB18030, so the error points at the bad bytes
    /// instead of the import storing garbled names.
    static func decode(_ data: Data, file: String, forced: FileEncoding?) throws -> DecodedText {
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            throw ImportError(file: file, row: 1, reason: "is UTF-16 text; save it as CSV UTF-8 (or Excel's CSV (逗号分隔))")
        }
        var decoded: DecodedText
        switch forced {
        case .utf8?:
            decoded = utf8(data)
        case .gb18030?:
            decoded = try gb18030(data, file: file)
        case nil:
            decoded = utf8(data)
            if decoded.hasInvalidBytes && !mostlyUTF8(data) { decoded = try gb18030(data, file: file) }
        }
        // In both encodings a NUL character is the byte 0 and the byte 0 is a NUL.
        decoded.hasNUL = data.withUnsafeBytes { raw in raw.count > 0 && memchr(raw.baseAddress!, 0, raw.count) != nil }
        return decoded
    }

    /// Valid UTF-8 is taken as is (a leading BOM dropped); invalid bytes become U+FFFD.
    static func utf8(_ data: Data) -> DecodedText {
        let bom = data.starts(with: [0xEF, 0xBB, 0xBF])
        let body = bom ? data.dropFirst(3) : data[...]
        let label = bom ? "UTF-8 with BOM" : "UTF-8"
        let reason = "holds bytes that are not valid UTF-8 (shown as \u{FFFD}); save the file as UTF-8 or GB18030"
        if let text = String(validating: body, as: UTF8.self) {
            return DecodedText(text: text, label: label, hasInvalidBytes: false, invalidReason: reason)
        }
        return DecodedText(text: String(decoding: body, as: UTF8.self), label: label, hasInvalidBytes: true,
                           invalidReason: reason)
    }

    /// More bytes in valid multi-byte UTF-8 sequences than invalid bytes: UTF-8 with damage.
    /// GBK text almost never forms valid 3-byte UTF-8 sequences for long.
    private static func mostlyUTF8(_ data: Data) -> Bool {
        var valid = 0, invalid = 0
        var decoder = UTF8()
        var bytes = data.makeIterator()
        while true {
            switch decoder.decode(&bytes) {
            case .scalarValue(let s): if s.value > 0x7F { valid += UTF8.width(s) }
            case .error: invalid += 1
            case .emptyInput: return valid > invalid
            }
        }
    }

    /// GB18030 (a superset of GBK and GB2312) through iconv; an invalid or truncated sequence
    /// becomes U+FFFD and the conversion goes on one byte later.
    static func gb18030(_ data: Data, file: String) throws -> DecodedText {
        guard let (utf8, invalid) = convert([UInt8](data), from: "GB18030", to: "UTF-8") else {
            throw ImportError(file: file, reason: "cannot be read as GB18030: the system's iconv does not know it")
        }
        return DecodedText(text: String(decoding: utf8, as: UTF8.self), label: FileEncoding.gb18030.label,
                           hasInvalidBytes: invalid,
                           invalidReason: "holds bytes that are neither UTF-8 nor GB18030 (shown as \u{FFFD})")
    }

    /// `bytes` converted by the system's iconv; each byte it cannot convert becomes U+FFFD (in
    /// UTF-8) and sets `invalid`. Nil when iconv does not know one of the encodings.
    static func convert(_ bytes: [UInt8], from: String, to: String) -> (bytes: [UInt8], invalid: Bool)? {
        let cd = iconv_open(to, from)
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = bytes
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 3 / 2 + 16)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var invalid = false
        let total = input.count
        var consumed = 0
        input.withUnsafeMutableBufferPointer { inBuf in
            while consumed < total {
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress! + consumed)
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = total - consumed
                let (written, failed): (Int, Bool) = chunk.withUnsafeMutableBufferPointer { outBuf in
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuf.count
                    let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    return (outBuf.count - outLeft, r == -1 && errno != E2BIG)
                }
                output.append(contentsOf: chunk[0..<written])
                consumed = total - inLeft
                if failed {  // EILSEQ (invalid) or EINVAL (truncated at the end): replace one byte
                    invalid = true
                    output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    consumed += 1
                }
            }
        }
        return (output, invalid)
    }
}
