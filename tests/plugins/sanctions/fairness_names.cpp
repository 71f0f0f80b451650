#include "fairness_names.hpp"

#include <set>

namespace candor::test {

namespace {

class Lcg {
 public:
  explicit Lcg(std::uint64_t seed) : state_(seed) {}
  std::size_t next(std::size_t n) {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((state_ >> 33) % n);
  }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[next(v.size())];
  }

 private:
  std::uint64_t state_;
};

// Korean surnames as Korean Americans write them (several spellings of one name included).
const std::vector<std::string> kKoreanSurnames = {
    "Kim",   "Lee",  "Park", "Choi",  "Jung", "Kang",  "Cho",  "Yoon", "Jang", "Lim",
    "Han",   "Oh",   "Seo",  "Shin",  "Kwon", "Hwang", "Ahn",  "Song", "Yoo",  "Hong",
    "Jeon",  "Ko",   "Moon", "Yang",  "Son",  "Bae",   "Baek", "Heo",  "Nam",  "Noh",
    "Ha",    "Kwak", "Sung", "Cha",   "Joo",  "Woo",   "Min",  "Ryu",  "Na",   "Jin",
    "Chung", "Yi",   "Rhee", "Chang", "Chun", "Koo",   "Byun", "Um",   "Suh",  "Pyo"};

// Two-syllable Korean given names, as syllable pairs.
const std::vector<std::pair<std::string, std::string>> kKoreanGiven = {
    {"Min", "jun"},   {"Seo", "yeon"},   {"Ji", "hoon"},    {"Hyun", "woo"},  {"Ji", "woo"},
    {"Seo", "jun"},   {"Do", "yoon"},    {"Ha", "eun"},     {"Su", "bin"},    {"Ye", "jin"},
    {"Jae", "won"},   {"Sung", "min"},   {"Young", "ho"},   {"Eun", "ji"},    {"Min", "seo"},
    {"Ji", "yeon"},   {"Dong", "hyun"},  {"Jun", "ho"},     {"Sang", "woo"},  {"Hye", "jin"},
    {"Kyung", "soo"}, {"Mi", "young"},   {"Seung", "hoon"}, {"Jung", "hoon"}, {"Yoon", "seo"},
    {"Ji", "min"},    {"Tae", "yang"},   {"Soo", "jin"},    {"Hyo", "jin"},   {"Chang", "min"},
    {"Jin", "woo"},   {"Joon", "young"}, {"Da", "eun"},     {"Yu", "na"},     {"Min", "ji"},
    {"Seong", "ho"},  {"Hee", "jung"},   {"In", "sook"},    {"Kwang", "soo"}, {"Byung", "hun"},
    {"Ji", "sung"},   {"Young", "hee"},  {"Sun", "hee"},    {"Myung", "soo"}, {"Jae", "hyun"},
    {"Sung", "ho"},   {"Eun", "young"},  {"Hyun", "jin"},   {"Yong", "jun"},  {"Chul", "soo"},
    {"Won", "jae"},   {"Hae", "won"},    {"So", "young"},   {"Ju", "won"},    {"Tae", "hyun"},
    {"Kyu", "ri"},    {"Jong", "min"},   {"Jin", "young"},  {"Hyun", "soo"},  {"Se", "ra"}};

// Chinese surnames in pinyin and in Cantonese or Taiwanese spellings.
const std::vector<std::string> kChineseSurnames = {
    "Wang",  "Li",    "Zhang", "Liu",  "Chen", "Yang",  "Huang",  "Zhao", "Wu",    "Zhou",
    "Xu",    "Sun",   "Ma",    "Zhu",  "Hu",   "Guo",   "He",     "Lin",  "Gao",   "Luo",
    "Zheng", "Liang", "Xie",   "Tang", "Han",  "Cao",   "Deng",   "Feng", "Cheng", "Lu",
    "Wong",  "Chan",  "Leung", "Ng",   "Chow", "Lau",   "Cheung", "Ho",   "Tsai",  "Hsu",
    "Yu",    "Song",  "Pan",   "Dong", "Yuan", "Jiang", "Fu",     "Shen", "Ye",    "Wei"};

// Chinese given names: one or two syllables (written joined, as in pinyin).
const std::vector<std::string> kChineseGiven = {
    "Wei",     "Fang",     "Jing",   "Xiaoming", "Yifan",  "Jiahao",  "Zihan",  "Haoran",
    "Yuxuan",  "Mei",      "Ling",   "Hui",      "Jun",    "Tao",     "Lei",    "Qiang",
    "Yan",     "Xin",      "Ying",   "Hao",      "Zhiwei", "Jianguo", "Xiulan", "Guiying",
    "Xiuying", "Yuming",   "Kai",    "Bo",       "Peng",   "Hong",    "Ping",   "Yong",
    "Jie",     "Ming",     "Wen",    "Hua",      "Li",     "Na",      "Min",    "Qing",
    "Xiaoyu",  "Yuting",   "Zhihao", "Jiayi",    "Yiming", "Chen",    "Dan",    "Lan",
    "Shu",     "Xiaohong", "Jinhua", "Guoqiang", "Wenjun", "Yun",     "Rui",    "Siyu"};

const std::vector<std::string> kAngloGiven = {
    "James",   "Mary",    "Robert",    "Patricia", "John",     "Jennifer", "Michael",
    "Linda",   "David",   "Elizabeth", "William",  "Barbara",  "Richard",  "Susan",
    "Joseph",  "Jessica", "Thomas",    "Sarah",    "Charles",  "Karen",    "Christopher",
    "Lisa",    "Daniel",  "Nancy",     "Matthew",  "Betty",    "Anthony",  "Margaret",
    "Mark",    "Sandra",  "Donald",    "Ashley",   "Steven",   "Kimberly", "Paul",
    "Emily",   "Andrew",  "Donna",     "Joshua",   "Michelle", "Kenneth",  "Carol",
    "Kevin",   "Amanda",  "Brian",     "Melissa",  "George",   "Deborah",  "Timothy",
    "Rebecca", "Ronald",  "Stephanie", "Edward",   "Laura",    "Jason",    "Sharon",
    "Ryan",    "Cynthia", "Jacob",     "Kathleen", "Gary",     "Amy",      "Nicholas"};

const std::vector<std::string> kHispanicGiven = {
    "José",    "María",     "Juan",      "Luis",     "Carlos",  "Ana",       "Sofía",
    "Miguel",  "Alejandro", "Guadalupe", "Jorge",    "Rosa",    "Francisco", "Carmen",
    "Antonio", "Gabriela",  "Manuel",    "Isabel",   "Ricardo", "Lucía",     "Fernando",
    "Elena",   "Javier",    "Patricia",  "Diego",    "Valeria", "Pedro",     "Daniela",
    "Rafael",  "Adriana",   "Sergio",    "Verónica", "Eduardo", "Mariana",   "Raúl"};

const std::vector<std::string> kAngloSurnames = {
    "Smith",    "Johnson",  "Williams", "Brown",    "Jones",    "Miller", "Davis",    "Wilson",
    "Anderson", "Thomas",   "Taylor",   "Moore",    "Jackson",  "Martin", "Thompson", "White",
    "Harris",   "Clark",    "Lewis",    "Robinson", "Walker",   "Young",  "Allen",    "King",
    "Wright",   "Scott",    "Hill",     "Green",    "Adams",    "Nelson", "Baker",    "Hall",
    "Campbell", "Mitchell", "Carter",   "Roberts",  "Phillips", "Evans",  "Turner",   "Parker",
    "Edwards",  "Collins",  "Stewart",  "Morris",   "Murphy",   "Cook",   "Rogers",   "Morgan",
    "Cooper",   "Peterson", "Bailey",   "Reed",     "Kelly",    "Howard", "Cox",      "Ward"};

const std::vector<std::string> kHispanicSurnames = {
    "García",  "Rodríguez", "Martínez", "Hernández", "López",   "González", "Pérez",
    "Sánchez", "Ramírez",   "Torres",   "Flores",    "Rivera",  "Gómez",    "Díaz",
    "Cruz",    "Reyes",     "Morales",  "Gutiérrez", "Ortiz",   "Ramos",    "Chávez",
    "Mendoza", "Ruiz",      "Álvarez",  "Castillo",  "Jiménez", "Vásquez",  "Romero",
    "Herrera", "Medina",    "Aguilar",  "Vargas",    "Castro",  "Moreno",   "Guzmán"};

std::string capitalised_pair(const std::pair<std::string, std::string>& g, std::size_t style) {
  switch (style) {
    case 0:
      return g.first + "-" + g.second;  // Hyun-woo
    case 1:
      return g.first + g.second;  // Hyunwoo
    default: {
      std::string second = g.second;
      second[0] = static_cast<char>(second[0] - 'a' + 'A');
      return g.first + " " + second;  // Hyun Woo
    }
  }
}

template <class Make>
std::vector<std::string> distinct(std::size_t count, Make make) {
  std::set<std::string> seen;
  std::vector<std::string> out;
  // Bounded: the part lists allow far more than the counts asked for.
  for (std::size_t tries = 0; out.size() < count && tries < count * 100; ++tries) {
    std::string n = make();
    if (seen.insert(n).second) out.push_back(std::move(n));
  }
  return out;
}

}  // namespace

std::vector<std::string> east_asian_names(std::size_t count, std::uint64_t seed) {
  Lcg rng(seed);
  return distinct(count, [&] {
    const bool korean = rng.next(2) == 0;
    const bool family_first = rng.next(4) == 0;
    std::string given, surname;
    if (korean) {
      given = capitalised_pair(rng.pick(kKoreanGiven), rng.next(3));
      surname = rng.pick(kKoreanSurnames);
    } else {
      given = rng.pick(kChineseGiven);
      surname = rng.pick(kChineseSurnames);
    }
    return family_first ? surname + " " + given : given + " " + surname;
  });
}

std::vector<std::string> anglo_hispanic_names(std::size_t count, std::uint64_t seed) {
  Lcg rng(seed);
  return distinct(count, [&] {
    if (rng.next(2) == 0) return rng.pick(kAngloGiven) + " " + rng.pick(kAngloSurnames);
    std::string name = rng.pick(kHispanicGiven) + " " + rng.pick(kHispanicSurnames);
    // Many Hispanic Americans write both surnames.
    if (rng.next(3) == 0) name += " " + rng.pick(kHispanicSurnames);
    return name;
  });
}

}  // namespace candor::test
