// swift-tools-version:6.0
import PackageDescription

/// Checks of the reading layer's invariants (views used after their buffer moved on, cursors out of
/// bounds): on in debug builds, so in every `swift test`; compiled away in release builds.
let checked: [SwiftSetting] = [.define("TARIFFCALC_CHECKS", .when(configuration: .debug))]

let package = Package(
  name: "tariffcalc",
  products: [
    .executable(name: "tariffcalc", targets: ["tariffcalc"])
  ],
  targets: [
    // The system's zlib (Debian's zlib1g-dev), to read .gz CDR files.
    .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
    // The library does all the work: input → tariffs → rating → billing → rendering.
    .target(name: "TariffCalcKit", dependencies: ["CZlib"], swiftSettings: checked),
    // The executable parses arguments, calls the library, prints, and maps errors to exit codes.
    .executableTarget(name: "tariffcalc", dependencies: ["TariffCalcKit"], swiftSettings: checked),
    .testTarget(
      name: "TariffCalcKitTests",
      dependencies: ["TariffCalcKit", "tariffcalc"],
      exclude: ["Fixtures"],
      swiftSettings: checked
    ),
  ]
)
