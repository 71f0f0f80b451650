#include "common_names.hpp"

#include <algorithm>
#include <cctype>

namespace candor::plugins::sanctions {

const std::vector<std::string>& common_given_names() {
  static const std::vector<std::string> names = {
      "James",   "Mary",      "Robert",    "Patricia", "John",      "Jennifer", "Michael",
      "Linda",   "David",     "Elizabeth", "William",  "Barbara",   "Richard",  "Susan",
      "Joseph",  "Jessica",   "Thomas",    "Sarah",    "Charles",   "Karen",    "Christopher",
      "Lisa",    "Daniel",    "Nancy",     "Matthew",  "Betty",     "Anthony",  "Margaret",
      "Mark",    "Sandra",    "Donald",    "Ashley",   "Steven",    "Kimberly", "Paul",
      "Emily",   "Andrew",    "Donna",     "Joshua",   "Michelle",  "Kenneth",  "Carol",
      "Kevin",   "Amanda",    "Brian",     "Dorothy",  "George",    "Melissa",  "Timothy",
      "Deborah", "Ronald",    "Stephanie", "Edward",   "Rebecca",   "Jason",    "Sharon",
      "Jeffrey", "Laura",     "Ryan",      "Cynthia",  "Jacob",     "Kathleen", "Gary",
      "Amy",     "Nicholas",  "Angela",    "Eric",     "Shirley",   "Jonathan", "Anna",
      "Stephen", "Brenda",    "Larry",     "Pamela",   "Justin",    "Emma",     "Scott",
      "Nicole",  "Brandon",   "Helen",     "Benjamin", "Samantha",  "Samuel",   "Katherine",
      "Gregory", "Christine", "Alexander", "Debra",    "Frank",     "Rachel",   "Patrick",
      "Carolyn", "Raymond",   "Janet",     "Jack",     "Catherine", "Dennis",   "Maria",
      "Jerry",   "Heather"};
  return names;
}

const std::vector<std::string>& common_surnames() {
  static const std::vector<std::string> names = {
      "Smith",    "Johnson",   "Williams",   "Brown",     "Jones",    "Garcia",   "Miller",
      "Davis",    "Rodriguez", "Martinez",   "Hernandez", "Lopez",    "Gonzalez", "Wilson",
      "Anderson", "Thomas",    "Taylor",     "Moore",     "Jackson",  "Martin",   "Lee",
      "Perez",    "Thompson",  "White",      "Harris",    "Sanchez",  "Clark",    "Ramirez",
      "Lewis",    "Robinson",  "Walker",     "Young",     "Allen",    "King",     "Wright",
      "Scott",    "Torres",    "Nguyen",     "Hill",      "Flores",   "Green",    "Adams",
      "Nelson",   "Baker",     "Hall",       "Rivera",    "Campbell", "Mitchell", "Carter",
      "Roberts",  "Gomez",     "Phillips",   "Evans",     "Turner",   "Diaz",     "Parker",
      "Cruz",     "Edwards",   "Collins",    "Reyes",     "Stewart",  "Morris",   "Morales",
      "Murphy",   "Cook",      "Rogers",     "Gutierrez", "Ortiz",    "Morgan",   "Cooper",
      "Peterson", "Bailey",    "Reed",       "Kelly",     "Howard",   "Ramos",    "Kim",
      "Cox",      "Ward",      "Richardson", "Watson",    "Brooks",   "Chavez",   "Wood",
      "James",    "Bennett",   "Gray",       "Mendoza",   "Ruiz",     "Hughes",   "Price",
      "Alvarez",  "Castillo",  "Sanders",    "Patel",     "Myers",    "Long",     "Ross",
      "Foster",   "Jimenez"};
  return names;
}

const std::vector<std::string>& common_name_tokens() {
  static const std::vector<std::string> tokens = [] {
    std::vector<std::string> out;
    auto lower = [](std::string s) {
      for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s;
    };
    for (const auto& n : common_given_names()) out.push_back(lower(n));
    for (const auto& n : common_surnames()) out.push_back(lower(n));
    // Hispanic given names and surnames (ASCII-folded, as name_tokens folds them).
    for (const char* n :
         {"jose",    "maria",     "juan",      "luis",    "carlos",  "ana",       "sofia",
          "miguel",  "alejandro", "guadalupe", "jorge",   "rosa",    "francisco", "carmen",
          "antonio", "gabriela",  "manuel",    "isabel",  "ricardo", "lucia",     "fernando",
          "elena",   "javier",    "diego",     "valeria", "pedro",   "daniela",   "rafael",
          "adriana", "sergio",    "veronica",  "eduardo", "mariana", "raul",      "vasquez",
          "romero",  "herrera",   "medina",    "aguilar", "vargas",  "castro",    "moreno",
          "guzman",  "fernandez", "gonzales",  "silva",   "rojas",   "contreras", "luna"})
      out.emplace_back(n);
    // Korean surnames in the spellings in use (Revised, McCune-Reischauer, US usage).
    for (const char* n :
         {"kim",   "lee",   "yi",    "ri",    "rhee", "park", "pak",  "bak",  "choi", "choe",
          "jung",  "jeong", "chung", "chong", "kang", "cho",  "jo",   "yoon", "yun",  "jang",
          "chang", "lim",   "im",    "rim",   "han",  "oh",   "o",    "seo",  "suh",  "so",
          "shin",  "sin",   "kwon",  "hwang", "ahn",  "an",   "song", "yoo",  "yu",   "ryu",
          "hong",  "jeon",  "jun",   "chon",  "ko",   "koh",  "moon", "mun",  "yang", "ryang",
          "son",   "bae",   "pae",   "baek",  "paek", "heo",  "ho",   "hur",  "nam",  "noh",
          "no",    "ro",    "ha",    "kwak",  "sung", "cha",  "joo",  "ju",   "woo",  "u",
          "min",   "na",    "ra",    "jin",   "chin", "koo",  "ku",   "byun", "pyon", "um",
          "eom",   "pyo",   "gil",   "kil",   "ma",   "ji",   "chi",  "tak",  "yeo",  "gong"})
      out.emplace_back(n);
    // Syllables of Korean given names.
    for (const char* n :
         {"min",   "jun",   "joon",  "seo",   "yeon",   "yon",   "ji",    "hoon",  "hun",   "hyun",
          "hyon",  "woo",   "u",     "do",    "ha",     "eun",   "un",    "su",    "soo",   "bin",
          "pin",   "ye",    "jin",   "jae",   "chae",   "won",   "sung",  "song",  "seong", "young",
          "yeong", "yong",  "ho",    "hee",   "hui",    "dong",  "tong",  "sang",  "hye",   "hyo",
          "kyung", "kyong", "mi",    "seung", "jung",   "jong",  "tae",   "thae",  "chang", "da",
          "yu",    "na",    "in",    "sook",  "suk",    "kwang", "byung", "pyong", "myung", "myong",
          "chul",  "chol",  "cheol", "hae",   "so",     "ju",    "kyu",   "ri",    "se",    "ra",
          "il",    "nam",   "hyok",  "hyeok", "hyuk",   "kum",   "geum",  "sun",   "son",   "ok",
          "gyu",   "hwa",   "hwan",  "ho",    "man",    "su",    "chun",  "choon", "gun",   "kun",
          "nam",   "bok",   "pok",   "mu",    "myeong", "ung",   "eung",  "yeol",  "yol",   "guk",
          "kuk",   "gi",    "ki",    "hak",   "yun",    "yoon",  "chan",  "cheon", "chon",  "kyo"})
      out.emplace_back(n);
    // Korean given names as one word (Min-jun, Minjun, Min Jun all compare as "minjun"):
    // popular names of the last five decades, men's and women's.
    for (const char* n :
         {"minjun",    "seojun",    "doyoon",    "yejun",     "siwoo",     "hajun",    "jiho",
          "junseo",    "jiwoo",     "hyunwoo",   "jihoon",    "dohyun",    "gunwoo",   "woojin",
          "minjae",    "hyunjun",   "sunwoo",    "seojin",    "yeonwoo",   "jungwoo",  "seungwoo",
          "seungmin",  "jiwon",     "minseo",    "seoyeon",   "seoyun",    "jiyoo",    "haeun",
          "hayoon",    "jimin",     "subin",     "yejin",     "jiyeon",    "soyeon",   "eunji",
          "minji",     "yuna",      "dahyun",    "chaewon",   "sooah",     "yerin",    "soojin",
          "hyejin",    "jiyoung",   "eunyoung",  "miyoung",   "younghee",  "sunhee",   "heejung",
          "mikyung",   "jungsook",  "insook",    "youngsook", "kyungsook", "okja",     "soonja",
          "youngja",   "jungja",    "myungsook", "hyunjung",  "eunjung",   "jihye",    "sujin",
          "hyojin",    "jieun",     "seulgi",    "sora",      "sera",      "kyuri",    "haewon",
          "soyoung",   "jinyoung",  "jaewon",    "sungmin",   "youngho",   "donghyun", "junho",
          "sangwoo",   "kyungsoo",  "seunghoon", "junghoon",  "taeyang",   "changmin", "jinwoo",
          "joonyoung", "seongho",   "kwangsoo",  "byunghun",  "jisung",    "myungsoo", "jaehyun",
          "sungho",    "hyunjin",   "yongjun",   "chulsoo",   "wonjae",    "juwon",    "taehyun",
          "jongmin",   "hyunsoo",   "youngsoo",  "youngjin",  "sangmin",   "sanghoon", "jaehoon",
          "jaeho",     "jaemin",    "jaesung",   "jaeyoung",  "sunghoon",  "sungjin",  "sungsoo",
          "dongwook",  "donghoon",  "dongjin",   "jinho",     "jinsoo",    "minho",    "minsoo",
          "minwoo",    "minsu",     "taewoo",    "taehoon",   "taeho",     "hyunsik",  "jonghyun",
          "jongho",    "kyunghoon", "kyungho",   "seungho",   "seunghyun", "wooseok",  "woosung",
          "yoonseo",   "daeun",     "hyojung",   "eunhee",    "eunkyung",  "eunsook",  "hyesook",
          "jeongmin",  "jeonghoon", "sunghyun",  "youngmin",  "younghoon", "hoseok",   "namjoon",
          "yoongi",    "taehyung",  "jungkook",  "jinhee",    "jinsook",   "mijung",   "misook",
          "yunhee",    "yunjung",   "hanna",     "hana",      "yuri",      "boram",    "areum"})
      out.emplace_back(n);
    // Chinese surnames (pinyin, Cantonese, Taiwanese spellings) and Vietnamese surnames.
    for (const char* n :
         {"wang",  "li",    "zhang", "liu",    "chen", "yang",  "huang",  "zhao",  "wu",    "zhou",
          "xu",    "sun",   "ma",    "zhu",    "hu",   "guo",   "he",     "lin",   "gao",   "luo",
          "zheng", "liang", "xie",   "tang",   "han",  "cao",   "deng",   "feng",  "cheng", "lu",
          "wong",  "chan",  "leung", "ng",     "chow", "lau",   "cheung", "ho",    "tsai",  "hsu",
          "yu",    "song",  "pan",   "dong",   "yuan", "jiang", "fu",     "shen",  "ye",    "wei",
          "du",    "ding",  "su",    "lai",    "tan",  "lim",   "teo",    "goh",   "ong",   "chua",
          "koh",   "tay",   "fong",  "nguyen", "tran", "le",    "pham",   "hoang", "phan",  "vu",
          "vo",    "dang",  "bui",   "do",     "ngo",  "duong", "ly"})
      out.emplace_back(n);
    // Syllables of Chinese given names (pinyin).
    for (const char* n :
         {"wei",    "fang",   "jing",   "xiao",    "ming",     "yi",       "fan",     "jia",
          "hao",    "zi",     "han",    "ran",     "yu",       "xuan",     "mei",     "ling",
          "hui",    "jun",    "tao",    "lei",     "qiang",    "yan",      "xin",     "ying",
          "zhi",    "jian",   "guo",    "xiu",     "lan",      "gui",      "kai",     "bo",
          "peng",   "hong",   "ping",   "yong",    "jie",      "wen",      "hua",     "li",
          "na",     "min",    "qing",   "ting",    "chen",     "dan",      "shu",     "jin",
          "qiang",  "yun",    "rui",    "si",      "xiaoming", "yifan",    "jiahao",  "zihan",
          "haoran", "yuxuan", "zhiwei", "jianguo", "xiulan",   "guiying",  "xiuying", "yuming",
          "xiaoyu", "yuting", "zhihao", "jiayi",   "yiming",   "xiaohong", "jinhua",  "guoqiang",
          "wenjun", "siyu",   "hai",    "long",    "feng",     "bin",      "chao",    "gang",
          "hu",     "jun",    "kang",   "le",      "ning"})
      out.emplace_back(n);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }();
  return tokens;
}

std::vector<std::string> common_full_names() {
  std::vector<std::string> out;
  for (const auto& g : common_given_names())
    for (const auto& s : common_surnames()) out.push_back(g + " " + s);
  return out;
}

}  // namespace candor::plugins::sanctions
