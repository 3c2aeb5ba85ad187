#include "engine/h5_file.h"
#include "scratch_dir.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <thread>
#include <vector>

namespace kw::engine {
namespace {

namespace fs = std::filesystem;

// Each test gets a fresh directory of its own under the GoogleTest temp dir.
class H5FileTest : public ::testing::Test {
protected:
  void SetUp() override { dir_ = kw::test::fresh_test_dir("kw_h5"); }
  void TearDown() override { kw::test::remove_test_dir(dir_); }
  std::string file(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> directory_entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// Runs `call` and returns the message of the E it throws (fails if none).
template <class E, class F>
std::string message_of(F call) {
  try {
    call();
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an exception";
  return {};
}

// ------------------------------------------------------- numeric round trips

template <class T>
class H5RoundTrip : public H5FileTest {};
using ElementTypes = ::testing::Types<double, float, std::int8_t, std::uint8_t, std::int16_t, std::uint16_t,
                                      std::int32_t, std::uint32_t, std::int64_t, std::uint64_t>;
TYPED_TEST_SUITE(H5RoundTrip, ElementTypes);

TYPED_TEST(H5RoundTrip, OneTwoDimensionalAndEmptyDatasets) {
  using T = TypeParam;
  using limits = std::numeric_limits<T>;
  const std::vector<T> one{limits::lowest(), T(0), T(1), limits::max(), T(7)};
  std::vector<T> two;  // 3 x 4, row-major
  for (int i = 0; i < 12; ++i) two.push_back(static_cast<T>(i * 3 + 1));
  // Large enough to be chunked and compressed, which must not change values.
  std::vector<T> large;
  for (int i = 0; i < 5000; ++i) large.push_back(static_cast<T>(i % 100));

  const std::string path = this->file("types.h5");
  {
    H5Writer w(path);
    w.write<T>("/one", one);
    w.write<T>("/nested/two", std::span<const T>(two), {3, 4});
    w.write<T>("/empty", std::vector<T>{});
    w.write<T>("/empty2d", std::span<const T>(), {0, 5});
    w.write<T>("/large", std::span<const T>(large), {50, 100});
    w.commit();
  }
  H5Reader r(path);
  EXPECT_EQ(r.read<T>("/one"), one);
  EXPECT_EQ(r.dims("/one"), (std::vector<std::uint64_t>{5}));
  EXPECT_EQ(r.read<T>("/nested/two"), two);
  EXPECT_EQ(r.dims("/nested/two"), (std::vector<std::uint64_t>{3, 4}));
  EXPECT_TRUE(r.read<T>("/empty").empty());
  EXPECT_EQ(r.dims("/empty"), (std::vector<std::uint64_t>{0}));
  EXPECT_TRUE(r.read<T>("/empty2d").empty());
  EXPECT_EQ(r.dims("/empty2d"), (std::vector<std::uint64_t>{0, 5}));
  EXPECT_EQ(r.read<T>("/large"), large);
}

TEST_F(H5FileTest, StoresPortableLittleEndianTypesAndReadsWithConversion) {
  const std::string path = file("convert.h5");
  {
    H5Writer w(path);
    w.write<std::int32_t>("/counts", std::vector<std::int32_t>{-3, 0, 250000});
    w.write<float>("/shares", std::vector<float>{0.25f, 0.5f});
    w.commit();
  }
  {
    H5Reader r(path);
    EXPECT_EQ(r.read<double>("/counts"), (std::vector<double>{-3.0, 0.0, 250000.0}));
    EXPECT_EQ(r.read<double>("/shares"), (std::vector<double>{0.25, 0.5}));
  }
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  const hid_t d = H5Dopen2(f, "/counts", H5P_DEFAULT);
  const hid_t t = H5Dget_type(d);
  EXPECT_GT(H5Tequal(t, H5T_STD_I32LE), 0);
  H5Tclose(t);
  H5Dclose(d);
  H5Fclose(f);
}

TEST_F(H5FileTest, RejectsDimensionsThatDoNotMatchTheData) {
  H5Writer w(file("dims.h5"));
  const std::vector<double> six(6, 1.0);
  EXPECT_THROW(w.write<double>("/a", std::span<const double>(six), {2, 4}), std::invalid_argument);
  EXPECT_THROW(w.write<double>("/b", std::span<const double>(six), {}), std::invalid_argument);
  EXPECT_THROW(w.write<double>("/c", std::span<const double>(six),
                               {std::uint64_t{1} << 32, std::uint64_t{1} << 32, 6}),
               std::invalid_argument);
  EXPECT_NO_THROW(w.write<double>("/d", std::span<const double>(six), {2, 3}));
}

TEST_F(H5FileTest, WritingADatasetTwiceNamesTheDataset) {
  H5Writer w(file("twice.h5"));
  w.write<double>("/x/y", std::vector<double>{1.0});
  const std::string msg = message_of<std::runtime_error>([&] { w.write<double>("/x/y", std::vector<double>{2.0}); });
  EXPECT_NE(msg.find("'/x/y'"), std::string::npos) << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
}

// ------------------------------------------------------- chunking

// Layout, chunk dimensions and filters of a dataset, read with the C API.
struct Storage {
  H5D_layout_t layout;
  std::vector<hsize_t> chunk;
  std::vector<H5Z_filter_t> filters;
  unsigned deflate_level = 0;
};

Storage storage_of(const std::string& path, const std::string& dataset) {
  Storage s{};
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t d = H5Dopen2(f, dataset.c_str(), H5P_DEFAULT);
  const hid_t p = H5Dget_create_plist(d);
  s.layout = H5Pget_layout(p);
  if (s.layout == H5D_CHUNKED) {
    s.chunk.resize(8);
    s.chunk.resize(static_cast<std::size_t>(H5Pget_chunk(p, 8, s.chunk.data())));
  }
  for (int i = 0; i < H5Pget_nfilters(p); ++i) {
    unsigned flags = 0;
    std::size_t n = 1;
    unsigned value = 0;
    unsigned config = 0;
    const H5Z_filter_t id = H5Pget_filter2(p, static_cast<unsigned>(i), &flags, &n, &value, 0, nullptr, &config);
    s.filters.push_back(id);
    if (id == H5Z_FILTER_DEFLATE) s.deflate_level = value;
  }
  H5Pclose(p);
  H5Dclose(d);
  H5Fclose(f);
  return s;
}

TEST_F(H5FileTest, LargeDatasetsAreChunkedAndCompressedSmallOnesNot) {
  const std::string path = file("chunks.h5");
  constexpr std::size_t weeks = 520, wijken = 300;
  std::vector<double> series(weeks * wijken);
  for (std::size_t i = 0; i < series.size(); ++i) series[i] = static_cast<double>(i % wijken) * 0.5;
  {
    H5Writer w(path);
    w.write<double>("/series", std::span<const double>(series), {weeks, wijken});
    w.write<double>("/small", std::vector<double>(1024, 1.0));
    w.write<std::int32_t>("/long", std::vector<std::int32_t>(100000, 4));
    w.commit();
  }
  const Storage big = storage_of(path, "/series");
  EXPECT_EQ(big.layout, H5D_CHUNKED);
  ASSERT_EQ(big.chunk.size(), 2u);
  EXPECT_EQ(big.chunk[1], wijken);  // whole rows
  const std::uint64_t chunk_bytes = big.chunk[0] * big.chunk[1] * sizeof(double);
  EXPECT_GE(chunk_bytes, 16u * 1024);
  EXPECT_LE(chunk_bytes, 64u * 1024);
  EXPECT_EQ(big.filters, (std::vector<H5Z_filter_t>{H5Z_FILTER_SHUFFLE, H5Z_FILTER_DEFLATE}));
  EXPECT_EQ(big.deflate_level, 4u);

  const Storage one_d = storage_of(path, "/long");
  EXPECT_EQ(one_d.layout, H5D_CHUNKED);
  ASSERT_EQ(one_d.chunk.size(), 1u);
  EXPECT_EQ(one_d.chunk[0] * sizeof(std::int32_t), 64u * 1024);

  const Storage small = storage_of(path, "/small");
  EXPECT_EQ(small.layout, H5D_CONTIGUOUS);
  EXPECT_TRUE(small.filters.empty());

  // Compression took effect: the raw data alone is 1.6 MB.
  const auto raw = series.size() * sizeof(double) + 100000 * sizeof(std::int32_t);
  EXPECT_LT(fs::file_size(path), raw / 10);
  EXPECT_EQ(H5Reader(path).read<double>("/series"), series);
}

// ------------------------------------------------------- strings, attributes

TEST_F(H5FileTest, StringsRoundTripIncludingNonAscii) {
  const std::string path = file("strings.h5");
  const std::vector<std::string> names{"Oss-Zuid", "\u2019s-Hertogenbosch", "\u00c9\u00e9ntje", "", "a b"};
  std::vector<std::string> many;
  for (int i = 0; i < 3000; ++i) many.push_back("wijk " + std::to_string(i));
  {
    H5Writer w(path);
    w.write_strings("/names", names);
    w.write_strings("/events/kind", {});
    w.write_strings("/many", many);
    w.commit();
  }
  H5Reader r(path);
  EXPECT_EQ(r.read_strings("/names"), names);
  EXPECT_EQ(r.dims("/names"), (std::vector<std::uint64_t>{names.size()}));
  EXPECT_TRUE(r.read_strings("/events/kind").empty());
  EXPECT_EQ(r.dims("/events/kind"), (std::vector<std::uint64_t>{0}));
  EXPECT_EQ(r.read_strings("/many"), many);
  EXPECT_THROW(r.read<double>("/names"), InputError);
  EXPECT_THROW(r.read_strings("/nope"), InputError);

  // Stored as variable-length UTF-8, which h5py and h5dump show as text.
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t d = H5Dopen2(f, "/names", H5P_DEFAULT);
  const hid_t t = H5Dget_type(d);
  EXPECT_EQ(H5Tget_class(t), H5T_STRING);
  EXPECT_GT(H5Tis_variable_str(t), 0);
  EXPECT_EQ(H5Tget_cset(t), H5T_CSET_UTF8);
  H5Tclose(t);
  H5Dclose(d);
  H5Fclose(f);
}

TEST_F(H5FileTest, RejectsStringsWithNul) {
  H5Writer w(file("nul.h5"));
  EXPECT_THROW(w.write_strings("/s", {std::string("a\0b", 3)}), std::invalid_argument);
  EXPECT_THROW(w.attribute("/", "s", std::string("a\0b", 3)), std::invalid_argument);
}

TEST_F(H5FileTest, AttributesRoundTripAndReplace) {
  const std::string path = file("attrs.h5");
  {
    H5Writer w(path);
    w.write<double>("/results/share", std::vector<double>{0.1, 0.2});
    w.create_group("/meta/run");
    w.attribute("/", "scenario", std::string("\u2019s-Hertogenbosch \u00c9\u00e9ntje"));
    w.attribute("/", "seed", std::int64_t{-9007199254740993});
    w.attribute("/", "version", std::string("draft"));
    w.attribute("/", "version", std::string("1.2"));  // replaces
    w.attribute("/", "weight", std::string("heavy"));
    w.attribute("/", "weight", 0.75);  // replaces, with another type
    w.attribute("/results/share", "unit", std::string("fraction"));
    w.attribute("/results/share", "scale", 2.5);
    w.attribute("/meta/run", "threads", std::int64_t{8});
    w.attribute("/results", "empty", std::string());
    EXPECT_THROW(w.attribute("/missing", "x", 1.0), std::runtime_error);
    w.commit();
  }
  H5Reader r(path);
  EXPECT_EQ(r.attribute_string("/", "scenario"), "\u2019s-Hertogenbosch \u00c9\u00e9ntje");
  EXPECT_EQ(r.attribute_int("/", "seed"), -9007199254740993);
  EXPECT_EQ(r.attribute_string("/", "version"), "1.2");
  EXPECT_EQ(r.attribute_double("/", "weight"), 0.75);
  EXPECT_EQ(r.attribute_string("/results/share", "unit"), "fraction");
  EXPECT_EQ(r.attribute_double("/results/share", "scale"), 2.5);
  EXPECT_EQ(r.attribute_int("/meta/run", "threads"), 8);
  EXPECT_EQ(r.attribute_double("/meta/run", "threads"), 8.0);  // converted
  EXPECT_EQ(r.attribute_string("/results", "empty"), "");
  EXPECT_THROW(r.attribute_string("/", "weight"), InputError);
  EXPECT_THROW(r.attribute_double("/", "version"), InputError);
  EXPECT_THROW(r.attribute_int("/", "missing"), InputError);
  EXPECT_THROW(r.attribute_int("/nowhere", "seed"), InputError);
}

// ------------------------------------------------------- groups and lookup

TEST_F(H5FileTest, ExistsAndListWorkOnNestedPaths) {
  const std::string path = file("tree.h5");
  {
    H5Writer w(path);
    w.write<double>("/wijk/b/x", std::vector<double>{1});
    w.write<double>("/wijk/a", std::vector<double>{2});
    w.write_strings("/wijk/C", {"c"});
    w.create_group("/wijk/empty");
    w.create_group("/wijk/empty");  // already there: no error
    w.create_group("/wijk/b");
    EXPECT_THROW(w.create_group("/wijk/a"), std::invalid_argument);  // a dataset
    w.commit();
  }
  H5Reader r(path);
  EXPECT_TRUE(r.exists("/"));
  EXPECT_TRUE(r.exists("/wijk"));
  EXPECT_TRUE(r.exists("/wijk/b/x"));
  EXPECT_TRUE(r.exists("wijk/b/x"));
  EXPECT_FALSE(r.exists("/wijk/b/y"));
  EXPECT_FALSE(r.exists("/nope/b/x"));
  EXPECT_FALSE(r.exists("/wijk/a/under_a_dataset"));
  EXPECT_EQ(r.list("/"), (std::vector<std::string>{"wijk"}));
  EXPECT_EQ(r.list("/wijk"), (std::vector<std::string>{"C", "a", "b", "empty"}));
  EXPECT_TRUE(r.list("/wijk/empty").empty());
  EXPECT_THROW(r.list("/wijk/a"), InputError);
  EXPECT_THROW(r.list("/absent"), InputError);
  EXPECT_THROW(r.dims("/wijk"), InputError);
}

// ------------------------------------------------------- commit and cleanup

TEST_F(H5FileTest, FileAppearsAtTheFinalPathOnlyOnCommit) {
  const std::string path = file("out.h5");
  H5Writer w(path);
  w.write<double>("/x", std::vector<double>{1, 2, 3});
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(fs::exists(path + ".partial"));
  w.commit();
  EXPECT_TRUE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path + ".partial"));
  EXPECT_EQ(H5Reader(path).read<double>("/x"), (std::vector<double>{1, 2, 3}));
  EXPECT_THROW(w.write<double>("/y", std::vector<double>{1}), std::logic_error);
  EXPECT_THROW(w.commit(), std::logic_error);
}

TEST_F(H5FileTest, CommitReplacesAnExistingFile) {
  const std::string path = file("out.h5");
  {
    H5Writer w(path);
    w.write<double>("/x", std::vector<double>{1});
    w.commit();
  }
  {
    H5Writer w(path);
    w.write<double>("/x", std::vector<double>{2});
    // Until commit the old, complete file is still there.
    EXPECT_EQ(H5Reader(path).read<double>("/x"), (std::vector<double>{1}));
    w.commit();
  }
  EXPECT_EQ(H5Reader(path).read<double>("/x"), (std::vector<double>{2}));
}

TEST_F(H5FileTest, DestructorWithoutCommitLeavesNothing) {
  const std::string path = file("abandoned.h5");
  {
    H5Writer w(path);
    w.write<double>("/x", std::vector<double>(5000, 1.0));
    w.attribute("/", "a", std::string("b"));
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path + ".partial"));
  EXPECT_TRUE(directory_entries(dir_).empty());
}

TEST_F(H5FileTest, CheckWritableAcceptsAGoodPathAndLeavesNothing) {
  EXPECT_NO_THROW(H5Writer::check_writable(file("fine.h5")));
  EXPECT_TRUE(directory_entries(dir_).empty());
}

TEST_F(H5FileTest, CheckWritableRejectsAMissingDirectory) {
  const std::string path = file("missing/sub/out.h5");
  const std::string msg = message_of<InputError>([&] { H5Writer::check_writable(path); });
  EXPECT_EQ(msg, "cannot write output '" + path + "': directory '" + file("missing/sub") + "' does not exist");
  EXPECT_THROW(H5Writer w(path), InputError);
  EXPECT_FALSE(fs::exists(file("missing")));
}

TEST_F(H5FileTest, CheckWritableRejectsADirectory) {
  fs::create_directory(file("adir"));
  const std::string msg = message_of<InputError>([&] { H5Writer::check_writable(file("adir")); });
  EXPECT_EQ(msg, "cannot write output '" + file("adir") + "': it is a directory");
  EXPECT_THROW(H5Writer w(file("adir")), InputError);
  EXPECT_EQ(directory_entries(dir_), (std::vector<std::string>{"adir"}));
}

TEST_F(H5FileTest, CheckWritableRejectsAFileAsDirectory) {
  std::ofstream(file("plain")) << "x";
  const std::string msg = message_of<InputError>([&] { H5Writer::check_writable(file("plain/out.h5")); });
  EXPECT_NE(msg.find("is not a directory"), std::string::npos) << msg;
}

TEST_F(H5FileTest, CheckWritableRejectsAReadOnlyDirectory) {
  if (::geteuid() == 0) GTEST_SKIP() << "permission bits do not apply to root";
  fs::create_directory(file("ro"));
  fs::permissions(file("ro"), fs::perms::owner_read | fs::perms::owner_exec);
  const std::string msg = message_of<InputError>([&] { H5Writer::check_writable(file("ro/out.h5")); });
  EXPECT_EQ(msg, "cannot write output '" + file("ro/out.h5") + "': permission denied");
  EXPECT_THROW(H5Writer w(file("ro/out.h5")), InputError);
}

// ------------------------------------------------------- determinism

void write_sample(const std::string& path) {
  std::vector<double> big(20000);
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<double>(i % 37) / 7.0;
  H5Writer w(path);
  w.attribute("/", "scenario", std::string("Oss-Zuid"));
  w.attribute("/", "seed", std::int64_t{42});
  w.attribute("/", "seed", std::int64_t{43});
  w.create_group("/meta");
  w.attribute("/meta", "note", std::string("\u00c9\u00e9ntje"));
  w.write<double>("/weekly/a/b/share", std::span<const double>(big), {200, 100});
  w.write<std::int32_t>("/weekly/count", std::vector<std::int32_t>{1, 2, 3});
  w.write<std::uint8_t>("/events/kind", std::vector<std::uint8_t>{});
  w.write_strings("/names", {"Oss-Zuid", "\u2019s-Hertogenbosch"});
  w.attribute("/weekly/count", "unit", 1.0);
  w.commit();
}

TEST_F(H5FileTest, IdenticalContentGivesByteIdenticalFiles) {
  write_sample(file("first.h5"));
  // Time stamps have one-second resolution; without the wait, files with
  // time stamps could still come out identical.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  write_sample(file("second.h5"));
  const std::string first = read_bytes(file("first.h5"));
  ASSERT_FALSE(first.empty());
  EXPECT_TRUE(first == read_bytes(file("second.h5")));
}

// ------------------------------------------------------- reading bad input

TEST_F(H5FileTest, ReaderRejectsMissingAndNonHdf5Files) {
  const std::string missing = file("missing.h5");
  EXPECT_EQ(message_of<InputError>([&] { H5Reader r(missing); }),
            "cannot read '" + missing + "': no such file");
  const std::string text = file("text.h5");
  std::ofstream(text) << "week,wijk,share\n1,Oss-Zuid,0.5\n";
  EXPECT_EQ(message_of<InputError>([&] { H5Reader r(text); }), "cannot read '" + text + "': not an HDF5 file");
  const std::string empty = file("empty.h5");
  std::ofstream{empty};
  EXPECT_THROW(H5Reader r(empty), InputError);
}

TEST_F(H5FileTest, ReaderNamesMissingDatasets) {
  const std::string path = file("one.h5");
  {
    H5Writer w(path);
    w.write<double>("/x", std::vector<double>{1});
    w.commit();
  }
  H5Reader r(path);
  EXPECT_EQ(message_of<InputError>([&] { r.read<double>("/a/y"); }),
            "cannot read '" + path + "': no dataset '/a/y'");
}

TEST_F(H5FileTest, H5dumpReadsTheFile) {
  if (!fs::exists("/usr/bin/h5dump")) GTEST_SKIP() << "no /usr/bin/h5dump";
  const std::string path = file("dump.h5");
  write_sample(path);
  const std::string command = "/usr/bin/h5dump -H '" + path + "' > /dev/null 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0);
  const std::string strings = "/usr/bin/h5dump -d /names '" + path + "' > /dev/null 2>&1";
  EXPECT_EQ(std::system(strings.c_str()), 0);
}


TEST_F(H5FileTest, InMemoryImageIsAWholeFileAndTheSameEveryTime) {
  auto make = [] {
    H5Writer h5 = H5Writer::in_memory();
    h5.write("/a/x", std::vector<double>(5000, 1.5));
    h5.attribute("/a", "unit", "weeks");
    h5.write_strings("/a/names", {"Ussen", "Oss-Zuid", "Ruwaard", "Lith"}, {2, 2});
    return h5.image();
  };
  const auto bytes = make();
  ASSERT_GT(bytes.size(), 100u);
  EXPECT_EQ(bytes, make()) << "no time stamps, nothing random: the same content gives the same bytes";
  write_file_atomically(file("image.h5"), bytes);
  EXPECT_FALSE(fs::exists(file("image.h5.partial")));
  H5Reader r(file("image.h5"));
  EXPECT_EQ(r.read<double>("/a/x"), std::vector<double>(5000, 1.5));
  EXPECT_EQ(r.attribute_string("/a", "unit"), "weeks");
  EXPECT_EQ(r.dims("/a/names"), (std::vector<std::uint64_t>{2, 2}));
  EXPECT_EQ(r.read_strings("/a/names")[3], "Lith");
}

TEST_F(H5FileTest, CopyFromTakesAWholeFileWithItsAttributes) {
  {
    H5Writer h5(file("run.h5"));
    h5.attribute("/", "seed", std::int64_t{7});
    h5.write("/weekly/reached", std::vector<std::int32_t>{1, 2, 3});
    h5.commit();
  }
  H5Writer h5(file("all.h5"));
  h5.copy_from(file("run.h5"), "/", "/runs/v0000/r0000");
  h5.copy_from(file("run.h5"), "/weekly", "/weekly");
  EXPECT_THROW(h5.copy_from(file("missing.h5"), "/", "/x"), InputError);
  h5.commit();
  H5Reader r(file("all.h5"));
  EXPECT_EQ(r.attribute_int("/runs/v0000/r0000", "seed"), 7);
  EXPECT_EQ(r.read<std::int32_t>("/runs/v0000/r0000/weekly/reached"), (std::vector<std::int32_t>{1, 2, 3}));
  EXPECT_EQ(r.read<std::int32_t>("/weekly/reached"), (std::vector<std::int32_t>{1, 2, 3}));
}

TEST_F(H5FileTest, AtomicWriteToAMissingFolderFailsCleanly) {
  const std::vector<unsigned char> bytes{1, 2, 3};
  EXPECT_THROW(write_file_atomically(file("nope/x.h5"), bytes), InputError);
}

}  // namespace
}  // namespace kw::engine
