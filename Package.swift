// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "tariffcalc",
  products: [
    .executable(name: "tariffcalc", targets: ["tariffcalc"])
  ],
  targets: [
    // The library does all the work: tariffs → rating → billing → rendering.
    .target(name: "TariffCalcKit"),
    // The executable parses arguments, calls the library, prints, and maps errors to exit codes.
    .executableTarget(name: "tariffcalc", dependencies: ["TariffCalcKit"]),
    .testTarget(
      name: "TariffCalcKitTests",
      dependencies: ["TariffCalcKit", "tariffcalc"],
      exclude: ["Fixtures"]
    ),
  ]
)
