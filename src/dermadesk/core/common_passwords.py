"""The passwords and phrases guessed first: the most common ones in published breach lists,
plus the obvious ones for this program. Kept in lower case without spaces, as compared."""

from __future__ import annotations

_LIST = """
123456 123456789 12345678 password qwerty123 qwerty1 111111 12345 secret 123123
1234567890 1234567 000000 qwerty abc123 password1 iloveyou 11111111 dragon monkey
123321 654321 666666 121212 123qwe 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y 1qaz2wsx 1qaz2wsx3edc
zaq12wsx zaq1zaq1 qwertyuiop asdfghjkl zxcvbnm qazwsxedc qwerty12345 qwerty123456
asdfghjkl1 zxcvbnm123 qwertyuiop1 qwertyuiop123 q1w2e3r4t5 q1w2e3r4t5y6 1a2b3c4d5e
0123456789 9876543210 0987654321 1234509876 12345678910 123456789a a123456789 abcdefghij
abcdefghijk abcd1234 1111111111 2222222222 0000000000 5555555555 7777777777 9999999999
1212121212 1231231231 1234512345 123456123456 112233445566 123456654321 147258369
password12 password123 password1234 password12345 passw0rd p@ssw0rd p@ssword p@ssword1
passwordpassword password! password1! mypassword mypassword1 newpassword newpassword1
changeme changeme1 changeme123 letmein letmein1 letmein123 letmeinplease welcome
welcome1 welcome123 welcome1234 welcometo welcomehome administrator admin admin123
admin1234 adminadmin root toor login login123 guest master master123 access access123
iloveyou1 iloveyou12 iloveyou123 iloveyou2 iloveyousomuch iloveyouforever iloveu
sunshine sunshine1 sunshine123 princess princess1 princess123 football football1
football123 baseball baseball1 basketball soccer hockey superman superman123 batman
batman123 spiderman starwars starwars1 pokemon minecraft fortnite lovely loveme
shadow shadow123 michael michael1 michael123 jennifer jessica charlie charlie123
jordan23 liverpool chelsea arsenal computer computer1 internet whatever trustno1
trustno12 freedom hello123 helloworld hello12345 flower flower123 butterfly rainbow
cookie cookie123 summer summer123 summer2024 summer2025 summer2026 winter2025 winter2026
spring2026 autumn2026 january2026 november2026 december2026 cheese chocolate
blink182 qwerty111 zaq123456 asdasd asdasdasd asd123456 qweasdzxc qweqweqwe
aaaaaaaaaa abcabcabc abc123abc123 abcdef123456 thequickbrownfox
thequickbrownfoxjumpsoverthelazydog correcthorsebatterystaple letmeinnow opensesame
iamthebest youwillneverguess nopassword nothing123 passphrase mypassphrase
thisismypassword thisismypassphrase pleaseletmein goodmorning goodnight
dermadesk dermadesk1 dermadesk123 dermadesk2026 microneedling microneedling1
microneedling123 skincare skincare123 beautysalon beauty123 practice practice123
mypractice myclinic clinic123 aesthetics aesthetics1 dermapen dermapen123
"""

COMMON_PASSWORDS = frozenset(_LIST.split())
